/* QEMU 7.2 TCG plugin (API v1): executions of every guest instruction whose
   PC lies in [lo, hi), printed at exit as "pc count" lines to the file
   out=PATH (default pcprof.txt). For annotating the disassembly of a hot
   loop: see ../prof.sh. Adapted from /work/shared/tools/qemu-insncount.c. */
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
typedef uint64_t qemu_plugin_id_t;
typedef struct { const char *target_name; struct { int min, cur; } version;
                 bool system_emulation; union { struct { int smp_vcpus, max_vcpus; } system; }; } qemu_info_t;
struct qemu_plugin_tb; struct qemu_plugin_insn;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*tb_trans_cb_t)(qemu_plugin_id_t, struct qemu_plugin_tb *);
typedef void (*udata_cb_t)(qemu_plugin_id_t, void *);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t, tb_trans_cb_t);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *, enum qemu_plugin_op, void *, uint64_t);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *, size_t);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t, udata_cb_t, void *);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;
static uint64_t lo = 0, hi = 0, *counts;
static const char *out = "pcprof.txt";
static bool printed;

static void report(void) {
    if (printed || !counts) return;
    printed = true;
    FILE *f = fopen(out, "w");
    if (!f) return;
    for (uint64_t pc = lo; pc < hi; pc += 2)
        if (counts[(pc - lo) / 2]) fprintf(f, "%llx %llu\n", (unsigned long long)pc, (unsigned long long)counts[(pc - lo) / 2]);
    fclose(f);
}
static void atexit_cb(qemu_plugin_id_t id, void *p) { (void)id; (void)p; report(); }
static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t pc = qemu_plugin_insn_vaddr(insn);
        if (pc >= lo && pc < hi)
            qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &counts[(pc - lo) / 2], 1);
    }
}
__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    (void)info;
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "lo=", 3)) lo = strtoull(argv[i] + 3, NULL, 0);
        else if (!strncmp(argv[i], "hi=", 3)) hi = strtoull(argv[i] + 3, NULL, 0);
        else if (!strncmp(argv[i], "out=", 4)) out = argv[i] + 4;
    }
    if (hi <= lo) return -1;
    counts = calloc((hi - lo) / 2 + 1, sizeof *counts);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, atexit_cb, NULL);
    atexit(report);
    return 0;
}
