//! Placeholder until the synthetic generator lands.
pub struct SynthSpec;
impl SynthSpec {
    pub fn national() -> SynthSpec {
        SynthSpec
    }
    pub fn small() -> SynthSpec {
        SynthSpec
    }
}
pub fn generate(_spec: &SynthSpec) -> crate::domain::Dataset {
    crate::domain::Dataset::default()
}
