//! The accelerometer of a rev1 Nano 33 BLE Sense: the LSM9DS1 on the board's
//! internal I2C bus. (Rev2 boards carry a BMI270 instead, which needs an 8 KB
//! configuration upload first; this example only detects it is not an
//! LSM9DS1.)

use embassy_nrf::twim::{self, Twim};

/// The LSM9DS1's accelerometer and gyroscope (SDO_AG high on this board).
const LSM9DS1_AG: u8 = 0x6b;
/// Its identity register, and what it reads.
const WHO_AM_I: u8 = 0x0f;
const LSM9DS1_ID: u8 = 0x68;
/// Accelerometer control: ODR_XL = 0b011 (119 Hz) in bits 7..5, FS_XL = 0
/// (±2 g) in bits 4..3.
const CTRL_REG6_XL: u8 = 0x20;
const ODR_119_HZ_2_G: u8 = 0b011 << 5;
/// First of the six output bytes (X, Y, Z, little-endian; the register
/// address increments by default).
const OUT_X_L_XL: u8 = 0x28;
/// µg per LSB at ±2 g (datasheet: 0.061 mg/LSB).
const MICRO_G_PER_LSB: i32 = 61;

/// Why the accelerometer could not be read.
#[derive(defmt::Format)]
pub(crate) enum ImuError {
    /// Nothing answered at 0x6B: not a rev1 board.
    NoLsm9ds1(twim::Error),
    /// Something answered with another identity.
    Identity(u8),
    /// A transfer failed after it was found.
    Bus(twim::Error),
}

/// The LSM9DS1's accelerometer, set to 119 Hz and ±2 g.
pub(crate) struct Accelerometer<'d> {
    bus: Twim<'d>,
}

impl<'d> Accelerometer<'d> {
    /// Checks the LSM9DS1 is there and starts its accelerometer.
    pub(crate) fn start(mut bus: Twim<'d>) -> Result<Self, ImuError> {
        let mut id = [0];
        bus.blocking_write_read(LSM9DS1_AG, &[WHO_AM_I], &mut id)
            .map_err(ImuError::NoLsm9ds1)?;
        if id[0] != LSM9DS1_ID {
            return Err(ImuError::Identity(id[0]));
        }
        bus.blocking_write(LSM9DS1_AG, &[CTRL_REG6_XL, ODR_119_HZ_2_G])
            .map_err(ImuError::Bus)?;
        Ok(Self { bus })
    }

    /// The latest acceleration, X, Y and Z in mg.
    pub(crate) fn read_mg(&mut self) -> Result<[i32; 3], ImuError> {
        let mut out = [0; 6];
        self.bus
            .blocking_write_read(LSM9DS1_AG, &[OUT_X_L_XL], &mut out)
            .map_err(ImuError::Bus)?;
        Ok(core::array::from_fn(|axis| {
            let raw = i16::from_le_bytes([out[2 * axis], out[2 * axis + 1]]);
            i32::from(raw) * MICRO_G_PER_LSB / 1000
        }))
    }
}
