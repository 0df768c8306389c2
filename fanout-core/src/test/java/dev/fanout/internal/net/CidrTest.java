package dev.fanout.internal.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Network membership by address bytes; no name is resolved and nothing is sent. */
class CidrTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal); // a literal: parsed, never looked up
    }

    @Test
    void prefixesThatDoNotEndOnAByte() throws Exception {
        Cidr c = Cidr.parse("fc00::/7");
        assertThat(c.contains(ip("fd00:ec2::254"))).isTrue();
        assertThat(c.contains(ip("fc12::1"))).isTrue();
        assertThat(c.contains(ip("fe00::1"))).isFalse();
        Cidr ten = Cidr.parse("10.0.0.0/9");
        assertThat(ten.contains(ip("10.127.255.255"))).isTrue();
        assertThat(ten.contains(ip("10.128.0.0"))).isFalse();
    }

    @Test
    void aBareAddressIsThatAddressAloneAndFamiliesDoNotMix() throws Exception {
        Cidr one = Cidr.parse("100.100.100.200");
        assertThat(one.contains(ip("100.100.100.200"))).isTrue();
        assertThat(one.contains(ip("100.100.100.201"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(ip("1.2.3.4"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
    }

    @Test
    void anIpv4MappedAddressCountsAsItsIpv4Address() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169, (byte) 254};
        assertThat(Cidr.parse("169.254.0.0/16").contains(java.net.Inet6Address.getByAddress(null, mapped, -1))).isTrue();
    }

    @Test
    void alwaysBlockedAreLinkLocalUniqueLocalAndMetadataOnly() throws Exception {
        BlockedNetworks always = BlockedNetworks.of(List.of());
        for (String blocked : List.of("169.254.169.254", "169.254.0.1", "fe80::1", "fd00:ec2::254", "100.100.100.200")) {
            assertThat(always.blocking(ip(blocked))).as(blocked).isNotNull();
        }
        for (String open : List.of("127.0.0.1", "10.0.0.1", "192.168.1.1", "8.8.8.8", "::1", "2001:db8::1")) {
            assertThat(always.blocking(ip(open))).as(open).isNull();
        }
        assertThat(BlockedNetworks.of(List.of("10.0.0.0/8")).blocking(ip("10.1.2.3"))).hasToString("10.0.0.0/8");
    }

    @Test
    void malformedNetworksAreRefusedWithTheirText() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("'10.0.0.0/33'").hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> Cidr.parse("example.org/8")).hasMessageContaining("'example.org/8' is not a network");
        assertThatThrownBy(() -> Cidr.parse("::/x")).hasMessageContaining("0 to 128");
    }
}
