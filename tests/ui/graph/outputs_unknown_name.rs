tinyml::tiny_model! {
    pub Net: f32 = input[4] -> relu as hidden;
    hidden -> relu6 as score;
    outputs = (hiden, score);
}
fn main() {}
