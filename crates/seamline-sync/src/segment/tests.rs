//! The plaintext segment format: round trips, damage, truncation, newer readers.

use super::*;

fn body() -> Body {
    Body {
        device: "dev-a".into(),
        project_id: "p".into(),
        seq: 3,
        kind: "ops".into(),
        created_at: "2027-01-15T10:00:00Z".into(),
        ops: (0..20)
            .map(|i| Op {
                hlc: 1_000 + i,
                device: "dev-a".into(),
                project_id: "p".into(),
                entity: "person".into(),
                row_id: format!("row-{i}"),
                field: "name".into(),
                value: serde_json::json!(format!("Person {i}")),
                prev_hlc: if i % 2 == 0 { Some(7) } else { None },
                prev_device: if i % 2 == 0 { Some("dev-b".into()) } else { None },
                made_at: None,
            })
            .collect(),
    }
}

#[test]
fn a_segment_round_trips() {
    let (bytes, sum) = encode(&body()).unwrap();
    let (header, back) = decode(&bytes).unwrap();
    assert_eq!(back, body());
    assert_eq!(header.checksum_hex(), sum);
    assert_eq!(header.format_version, FORMAT_VERSION);
    assert_eq!(&bytes[..8], b"SEAMLOPS");
}

#[test]
fn every_flipped_byte_and_every_truncation_is_rejected() {
    let (bytes, _) = encode(&body()).unwrap();
    for i in 0..bytes.len() {
        for bit in [0x01u8, 0x80] {
            let mut bad = bytes.clone();
            bad[i] ^= bit;
            assert!(decode(&bad).is_err(), "flipping bit {bit:#x} of byte {i} went unnoticed");
        }
    }
    for len in 0..bytes.len() {
        assert!(decode(&bytes[..len]).is_err(), "a file cut at {len} bytes was accepted");
    }
    let mut padded = bytes.clone();
    padded.push(0);
    assert!(matches!(decode(&padded), Err(Rejection::WrongLength { .. })));
}

#[test]
fn a_segment_needing_a_newer_reader_says_so() {
    let (mut bytes, _) = encode(&body()).unwrap();
    bytes[10..12].copy_from_slice(&(READER_VERSION + 1).to_le_bytes());
    // re-seal it as a newer app would
    let sum = checksum(&bytes[..24], &bytes[HEADER_LEN..]);
    bytes[24..56].copy_from_slice(&sum);
    let err = decode(&bytes).unwrap_err();
    assert_eq!(err.to_string(), "a device uses a newer Seamline; update to see its changes");
}

#[test]
fn a_well_sealed_file_with_a_hostile_body_is_rejected() {
    for payload in [b"not zstd at all".to_vec(), zstd::bulk::compress(b"\xc1\xc1\xc1", 1).unwrap()] {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&1u16.to_le_bytes());
        bytes.extend_from_slice(&1u16.to_le_bytes());
        bytes.extend_from_slice(&0u32.to_le_bytes());
        bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        let sum = checksum(&bytes[..24], &payload);
        bytes.extend_from_slice(&sum);
        bytes.extend_from_slice(&payload);
        assert!(matches!(decode(&bytes), Err(Rejection::Body(_))));
    }
}

#[test]
fn a_file_cut_short_is_still_arriving_and_a_padded_one_is_refused() {
    let (bytes, _) = encode(&body()).unwrap();
    let whole = bytes.len() as u64;
    // An online-only file read as empty, a download cut inside the header or the body.
    for len in [0, 5, HEADER_LEN - 1, HEADER_LEN, bytes.len() - 1] {
        match decode(&bytes[..len]) {
            Err(Rejection::Incomplete { expected, found }) => {
                assert_eq!(found, len as u64);
                assert!(expected == HEADER_LEN as u64 || expected == whole, "{expected}");
            }
            other => panic!("a file cut at {len} bytes: {other:?}"),
        }
    }
    // Not the start of a segment at all: no amount of waiting makes it one.
    assert!(matches!(decode(b"<html>"), Err(Rejection::NotASegment)));
    let mut padded = bytes.clone();
    padded.extend_from_slice(&[0; 10]);
    assert!(matches!(decode(&padded), Err(Rejection::WrongLength { .. })));
}
