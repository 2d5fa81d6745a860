//! What the bench plants in shared folders: other devices' segments (plaintext or sealed and
//! signed), and files written to hurt.

use std::path::Path;

use seamline_store::oplog::Op;
use seamline_store::Workspace;
use seamline_sync::segment::{self, Body};

/// 100,000 ops from five other devices, as segments in the project's folder.
pub fn plant_remote_ops(folder: &Path, project: &str) {
    plant_devices(folder, project, None);
}

/// In an encrypted folder: five more devices of the sharing company (a company's devices let in
/// its others; the partner's first device only would be the creator's to admit), each asking
/// to join with an invite from `ws` (the device that shared the project) and let in by it, writing sealed and signed
/// segments (after their admission, so the measured sync is the one that imports them).
pub fn plant_sealed_ops(ws: &mut Workspace, folder: &Path, project: &str) {
    use seamline_sync::crypto::{self, DeviceKeys, InviteSecret};
    let who = seamline_sync::Identity { user_name: "bench".into(), app_version: "bench".into() };
    let devices: Vec<(String, DeviceKeys)> = (0..5)
        .map(|_| {
            let device = uuid::Uuid::new_v4().to_string();
            let ours = ws.projects().get(project).unwrap().ours;
            let code = seamline_sync::invite(ws, project, &ours).unwrap().code;
            let keys = DeviceKeys::from_seed(&crypto::random());
            let secret = InviteSecret::parse(&code).unwrap();
            seamline_sync::claim_as(folder, project, &device, &secret, &keys, "2027-01-15T10:00:00Z")
                .unwrap();
            (device, keys)
        })
        .collect();
    seamline_sync::sync(ws, project, &who).unwrap();
    for (device, _) in &devices {
        seamline_sync::admit(ws, project, device, &who).unwrap();
    }
    let key = *crypto::current_key(&ws.trust().project_keys(project).unwrap()).unwrap();
    let sealed: Vec<(String, (DeviceKeys, [u8; 32]))> =
        devices.into_iter().map(|(d, k)| (d, (k, key))).collect();
    plant_devices(folder, project, Some(sealed));
}

/// An admitted device that seals its segments: its id, its keys and the project key.
type Sealing = (String, (seamline_sync::crypto::DeviceKeys, [u8; 32]));

fn plant_devices(folder: &Path, project: &str, sealed: Option<Vec<Sealing>>) {
    let mut sealed = sealed.map(|v| v.into_iter());
    for d in 0..5 {
        let (device, seal) = match sealed.as_mut() {
            Some(it) => {
                let (device, seal) = it.next().unwrap();
                (device, Some(seal))
            }
            None => (uuid::Uuid::new_v4().to_string(), None),
        };
        let dir = folder.join("devices").join(&device);
        std::fs::create_dir_all(&dir).unwrap();
        for seg in 0..4 {
            let ops: Vec<Op> = (0..5_000)
                .map(|i| {
                    let n = seg * 5_000 + i;
                    Op {
                        hlc: ((1_800_000_000_000i64 + n as i64) << 16) | d as i64,
                        device: device.clone(),
                        project_id: project.to_string(),
                        entity: "blocker".into(),
                        row_id: format!("{device}-{}", n / 5),
                        field: ["title", "class", "waiting_on", "opened", "due"][n % 5].into(),
                        value: serde_json::json!(match n % 5 {
                            0 => format!("Remote blocker {n}"),
                            1 => "dependency".into(),
                            2 => "ours".into(),
                            _ => "2027-01-04".into(),
                        }),
                        prev_hlc: None,
                        prev_device: None,
                        made_at: None,
                    }
                })
                .collect();
            let body = Body {
                device: device.clone(),
                project_id: project.into(),
                seq: seg as u64 + 1,
                kind: "ops".into(),
                created_at: "2027-01-15T10:00:00Z".into(),
                ops,
            };
            let (bytes, sum) = match &seal {
                Some((keys, key)) => {
                    let sealer = segment::Sealer { keys, project, device: &device, key };
                    segment::encode_sealed(&body, &sealer).unwrap()
                }
                None => segment::encode(&body).unwrap(),
            };
            std::fs::write(dir.join(format!("seg-{:08}-{}.ops", seg + 1, &sum[..8])), bytes).unwrap();
        }
    }
}

/// A folder written to hurt: small files that decompress to gigabytes, values built to grow
/// a thousandfold in memory, files at the op limit, next to a large real history.
pub fn plant_hostile_files(folder: &Path, project: &str) {
    use std::io::Write;
    let device = uuid::Uuid::now_v7().to_string();
    let dir = folder.join("devices").join(&device);
    std::fs::create_dir_all(&dir).unwrap();
    let seal = |body: &[u8]| {
        let mut out = Vec::new();
        out.extend_from_slice(segment::MAGIC);
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(body.len() as u64).to_le_bytes());
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(&out[..24]);
        h.update(body);
        out.extend_from_slice(&h.finalize());
        out.extend_from_slice(body);
        out
    };
    // Ten bombs of 1 GiB of zeros each.
    for i in 0..10 {
        let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..1024 {
            enc.write_all(&chunk).unwrap();
        }
        std::fs::write(dir.join(format!("seg-bomb-{i}.ops")), seal(&enc.finish().unwrap())).unwrap();
    }
    // Ten files of one op each whose value is 60 million nils (60 MB packed; 2 GB as values).
    for i in 0..10 {
        let mut body =
            rmp_serde::to_vec_named(&serde_json::json!({ "device": device, "project_id": project })).unwrap();
        body[0] += 1; // one more key: the ops
        rmp::encode::write_str(&mut body, "ops").unwrap();
        rmp::encode::write_array_len(&mut body, 1).unwrap();
        let op = serde_json::json!({
            "hlc": (1_800_000_000_000i64 + i) << 16, "device": device, "project_id": project,
            "entity": "person", "row_id": uuid::Uuid::now_v7().to_string(), "field": "title",
            "prev_hlc": null, "prev_device": null,
        });
        let mut packed = rmp_serde::to_vec_named(&op).unwrap();
        packed[0] += 1;
        body.extend_from_slice(&packed);
        rmp::encode::write_str(&mut body, "value").unwrap();
        rmp::encode::write_array_len(&mut body, 60_000_000).unwrap();
        body.resize(body.len() + 60_000_000, 0xc0);
        std::fs::write(dir.join(format!("seg-wide-{i}.ops")), seal(&zstd::bulk::compress(&body, 3).unwrap()))
            .unwrap();
    }
}

/// Makes `folder` a plaintext folder of `project` (format 1, as shared before encryption), so
/// segments planted by unadmitted devices are read.
pub fn plaintext_folder(folder: &Path, project: &str) {
    std::fs::create_dir_all(folder).unwrap();
    let d = serde_json::json!({
        "format": "seamline-folder", "format_version": 1, "project_id": project, "project_name": "bench",
        "min_app_version": "0.1.0", "created_at": "2027-01-15T10:00:00Z",
    });
    std::fs::write(folder.join("seamline.json"), d.to_string()).unwrap();
}
