package dev.fanout.internal.net;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SensitiveHostsTest {
    @Test
    void linkLocalUniqueLocalAndMetadataNames() {
        for (String h : new String[] {"169.254.169.254", "169.254.0.1", "[fd00:ec2::254]", "fd00:ec2::254", "fe80::1",
                "[FEBF::1]", "fc00::1", "::ffff:169.254.169.254", "metadata.google.internal", "Metadata.Google.Internal.",
                "instance-data", "100.100.100.200"}) {
            assertThat(SensitiveHosts.is(h)).as(h).isTrue();
        }
        for (String h : new String[] {"127.0.0.1", "10.0.0.1", "169.255.0.1", "example.org", "[::1]", "fec0::1",
                "metadata.example.org", "2001:db8::1"}) {
            assertThat(SensitiveHosts.is(h)).as(h).isFalse();
        }
    }
}
