tinyml::tiny_model! {
    pub Net: i8 = input[4] -> dense(2);
}
fn main() {}
