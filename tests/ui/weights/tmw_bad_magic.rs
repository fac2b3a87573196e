// An `i8` model given a file that is not a .tmw: the message names the file
// and says what is wrong once.
tinyml::tiny_model! {
    pub Net: i8 = input[4] -> dense(2);
    weights = include_bytes!("../weights_data/dense_2x4.bin");
}
fn main() {}
