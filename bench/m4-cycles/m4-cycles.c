/* A QEMU TCG plugin (API v1, QEMU 7.2 and later) that counts the executed
 * guest instructions by class and estimates what they cost on a Cortex-M4.
 *
 * Build: gcc -shared -fPIC -O2 -fvisibility=hidden -o libm4cycles.so m4-cycles.c
 * Use:   qemu-system-arm ... -plugin ./libm4cycles.so
 * At exit it prints one line to stderr:
 *   m4cycles: insns=N ldst=N ldm=N mac=N div=N branch=N taken=N other=N cycles=N
 * With `-plugin ./libm4cycles.so,profile=FILE` it also writes, per executed
 * instruction address, "address count cycles" lines to FILE (for a profile
 * by function: bench/m4-cycles/profile.sh).
 *
 * The cycle table (bench/m4-cycles/README.md) is the Cortex-M4 Technical
 * Reference Manual's, with zero wait states and a pipeline refill P of 2
 * cycles per taken branch. Each instruction's cost is fixed when QEMU
 * translates it (class and register count come from its disassembly);
 * whether a branch was taken is seen when the next translation block runs:
 * it does not start at the branch's fall-through address.
 *
 * The plugin API declarations are written out here (Debian's QEMU ships no
 * qemu-plugin.h); they are the stable v1 subset. */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
typedef void (*tb_trans_cb_t)(qemu_plugin_id_t, struct qemu_plugin_tb *);
typedef void (*vcpu_udata_cb_t)(unsigned int, void *);
typedef void (*udata_cb_t)(qemu_plugin_id_t, void *);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t, tb_trans_cb_t);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *, vcpu_udata_cb_t,
                                          enum qemu_plugin_cb_flags, void *);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *, enum qemu_plugin_op,
                                                void *, uint64_t);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *, size_t);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *);
char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t, udata_cb_t, void *);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* Pipeline refill after a taken branch: 1 to 3 cycles in the TRM; 2 here. */
#define REFILL 2

enum class { LDST, LDM, MAC, DIV, BRANCH, OTHER, CLASSES };
static const char *const class_names[CLASSES] = {"ldst", "ldm", "mac", "div", "branch", "other"};
static uint64_t counts[CLASSES], insns, cycles, taken;
static bool printed;

/* What the end of a translation block needs to know at run time. */
struct block {
    uint64_t start;
    uint64_t fall_through; /* address after its last instruction */
    bool ends_in_branch;   /* conditional or not: taken is decided later */
};
static const struct block *previous;

/* Per-address counters for the profile, allocated as QEMU translates. */
struct site {
    uint64_t address, count, cycles_each;
    struct site *next;
};
static struct site *sites;
static const char *profile_path;

struct cost {
    enum class class;
    unsigned cycles; /* without the refill of a taken branch */
    bool single_ldst; /* pipelines with a single load/store right before it */
    bool branch;      /* may change the PC */
};

static bool starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_one_of(const char *mnemonic, const char *const *list) {
    for (; *list; list++)
        if (starts_with(mnemonic, *list)) return true;
    return false;
}

/* Words moved by a `{r4, r5, lr}` list: one per register, two per `d`. */
static unsigned register_words(const char *operands) {
    const char *p = strchr(operands, '{');
    if (!p) return 1;
    unsigned words = 0;
    for (p++; *p && *p != '}'; p++) {
        while (*p == ' ') p++;
        words += *p == 'd' ? 2 : 1;
        while (*p && *p != ',' && *p != '}') p++;
        if (*p == '}') break;
    }
    return words ? words : 1;
}

static bool writes_pc(const char *mnemonic, const char *operands) {
    if (starts_with(mnemonic, "pop") || starts_with(mnemonic, "ldm"))
        return strstr(operands, "pc") != NULL;
    return starts_with(operands, "pc,") || starts_with(operands, "pc ");
}

/* Cortex-M4 TRM, table 3-1 (integer) and table 7-1 (FPU). */
static struct cost classify(const char *disassembly) {
    char mnemonic[32] = {0};
    size_t n = 0;
    while (disassembly[n] && !isspace((unsigned char)disassembly[n]) && n + 1 < sizeof mnemonic) {
        mnemonic[n] = (char)tolower((unsigned char)disassembly[n]);
        n++;
    }
    const char *operands = disassembly + n;
    while (isspace((unsigned char)*operands)) operands++;

    static const char *const multiple[] = {"ldm", "stm", "push", "pop", "vldm", "vstm", "vpush", "vpop", NULL};
    static const char *const dual[] = {"ldrd", "strd", NULL};
    static const char *const single[] = {"ldr", "str", "vldr", "vstr", "ldrex", "strex", NULL};
    static const char *const divide[] = {"sdiv", "udiv", NULL};
    static const char *const fp_mac[] = {"vmla", "vmls", "vnmla", "vnmls", "vfma", "vfms", "vfnma", "vfnms", NULL};
    static const char *const fp_slow[] = {"vdiv", "vsqrt", NULL};
    static const char *const mac[] = {"mul", "mla", "mls", "smul", "umul", "smla", "umla", "smls", "smua",
                                      "smus", "smmu", "smml", "umaal", "vmul", "vnmul", NULL};
    static const char *const branch[] = {"b", "cbz", "cbnz", "tbb", "tbh", NULL};

    struct cost cost = {OTHER, 1, false, false};
    if (is_one_of(mnemonic, multiple)) {
        cost = (struct cost){LDM, 1 + register_words(operands), false, writes_pc(mnemonic, operands)};
    } else if (is_one_of(mnemonic, dual)) {
        cost = (struct cost){LDM, 3, false, false};
    } else if (is_one_of(mnemonic, single)) {
        cost = (struct cost){LDST, 2, true, writes_pc(mnemonic, operands)};
    } else if (is_one_of(mnemonic, divide)) {
        cost = (struct cost){DIV, 12, false, false}; /* 2 to 12: the worst case */
    } else if (is_one_of(mnemonic, fp_mac)) {
        cost = (struct cost){MAC, 3, false, false};
    } else if (is_one_of(mnemonic, fp_slow)) {
        cost = (struct cost){OTHER, 14, false, false};
    } else if (is_one_of(mnemonic, mac)) {
        cost = (struct cost){MAC, 1, false, false};
    } else if (is_one_of(mnemonic, branch) && !starts_with(mnemonic, "bic") && !starts_with(mnemonic, "bfi") &&
               !starts_with(mnemonic, "bfc") && !starts_with(mnemonic, "bkpt")) {
        cost = (struct cost){BRANCH, starts_with(mnemonic, "tb") ? 2 : 1, false, true};
    } else if (writes_pc(mnemonic, operands)) {
        cost.branch = true;
    }
    return cost;
}

static void block_executed(unsigned int vcpu, void *data) {
    (void)vcpu;
    const struct block *block = data;
    if (previous && previous->ends_in_branch && previous->fall_through != block->start) {
        taken += 1;
        cycles += REFILL;
    }
    previous = block;
}

static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    struct block *block = calloc(1, sizeof *block); /* lives as long as QEMU may run the block */
    if (!block) return;
    block->start = qemu_plugin_tb_vaddr(tb);
    bool after_single_ldst = false;
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        char *text = qemu_plugin_insn_disas(insn);
        struct cost cost = classify(text ? text : "");
        free(text);
        /* Neighbouring single loads and stores overlap their address and
           data phases: the second costs one cycle less. */
        unsigned price = cost.cycles - (cost.single_ldst && after_single_ldst ? 1 : 0);
        after_single_ldst = cost.single_ldst;
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &insns, 1);
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &counts[cost.class], 1);
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &cycles, price);
        struct site *site = profile_path ? calloc(1, sizeof *site) : NULL;
        if (site) {
            *site = (struct site){qemu_plugin_insn_vaddr(insn), 0, price, sites};
            sites = site;
            qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &site->count, 1);
        }
        if (i + 1 == n) {
            block->fall_through = qemu_plugin_insn_vaddr(insn) + qemu_plugin_insn_size(insn);
            block->ends_in_branch = cost.branch;
        }
    }
    qemu_plugin_register_vcpu_tb_exec_cb(tb, block_executed, QEMU_PLUGIN_CB_NO_REGS, block);
}

static void report(void) {
    if (printed) return;
    printed = true;
    fprintf(stderr, "m4cycles: insns=%llu", (unsigned long long)insns);
    for (int c = 0; c < CLASSES; c++) fprintf(stderr, " %s=%llu", class_names[c], (unsigned long long)counts[c]);
    fprintf(stderr, " taken=%llu cycles=%llu\n", (unsigned long long)taken, (unsigned long long)cycles);
    FILE *profile = profile_path ? fopen(profile_path, "w") : NULL;
    for (const struct site *site = sites; profile && site; site = site->next)
        if (site->count)
            fprintf(profile, "%llx %llu %llu\n", (unsigned long long)site->address,
                    (unsigned long long)site->count, (unsigned long long)(site->count * site->cycles_each));
    if (profile) fclose(profile);
}
static void at_exit(qemu_plugin_id_t id, void *data) {
    (void)id;
    (void)data;
    report();
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                                               int argc, char **argv) {
    (void)info;
    for (int i = 0; i < argc; i++)
        if (!strncmp(argv[i], "profile=", 8)) profile_path = argv[i] + 8;
    qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    atexit(report); /* semihosting's SYS_EXIT calls exit() */
    return 0;
}
