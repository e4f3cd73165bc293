//! Address ranges as AWS security groups and network ACLs hold them.

use std::net::IpAddr;

/// Whether a CIDR reaches the internet at large: 0.0.0.0/0 and ::/0, or a range so wide that
/// splitting the internet into a few of them stays open (0.0.0.0/1 with 128.0.0.0/1): IPv4 /8
/// or wider holding public space (not 0/8, 10/8, 127/8 or 224/3 and above), IPv6 /16 or wider
/// overlapping global unicast (2000::/3). Anything that is not a CIDR is not.
pub fn internet_wide(cidr: &str) -> bool {
    let Some((addr, prefix)) = cidr.split_once('/') else {
        return false;
    };
    let (Ok(addr), Ok(prefix)) = (addr.parse::<IpAddr>(), prefix.parse::<u32>()) else {
        return false;
    };
    match addr {
        IpAddr::V4(a) if prefix <= 8 => {
            let size = 1u32 << (8 - prefix);
            let start = u32::from(a.octets()[0]) & !(size - 1);
            start < 224 && !(size == 1 && matches!(start, 0 | 10 | 127))
        }
        IpAddr::V6(a) if prefix <= 16 => {
            let size = 1u32 << (16 - prefix);
            let start = u32::from(a.segments()[0]) & !(size - 1);
            // [start, start + size) meets [0x2000, 0x4000)
            start < 0x4000 && start + size > 0x2000
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::internet_wide;

    #[test]
    fn the_whole_internet_and_its_wide_public_parts_are_internet_wide() {
        for c in [
            "0.0.0.0/0",
            "0.0.0.0/1",
            "128.0.0.0/1",
            "64.0.0.0/2",
            "1.0.0.0/8",
            "10.0.0.0/7",
            "::/0",
            "::/1",
            "2000::/3",
            "2001::/16",
        ] {
            assert!(internet_wide(c), "{c}");
        }
    }

    #[test]
    fn private_narrow_reserved_and_malformed_ranges_are_not() {
        for c in [
            "10.0.0.0/8",
            "127.0.0.0/8",
            "0.0.0.0/8",
            "224.0.0.0/3",
            "240.0.0.0/4",
            "203.0.113.0/24",
            "198.51.100.7/32",
            "fd00::/8",
            "fe80::/10",
            "ff00::/8",
            "8000::/1",
            "2001:db8::/32",
            "not a cidr",
            "10.0.0.0",
            "10.0.0.0/x",
        ] {
            assert!(!internet_wide(c), "{c}");
        }
    }
}
