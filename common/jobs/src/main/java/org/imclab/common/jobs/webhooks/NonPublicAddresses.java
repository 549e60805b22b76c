package org.imclab.common.jobs.webhooks;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The address blocks a completion webhook must not reach: everything that is not public unicast.
 * IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address,
 * so {@code ::ffff:127.0.0.1} is loopback like {@code 127.0.0.1}.
 */
public final class NonPublicAddresses {

    /** Reachable only through an explicit opt-in (a local receiver in development, a receiver on the LAN). */
    public static final String LOOPBACK = "loopback";
    public static final String PRIVATE = "private";
    public static final String SHARED = "shared (carrier-grade NAT)";
    public static final String UNIQUE_LOCAL = "unique local (private)";

    private static final List<IpRange> IPV4 = List.of(
            IpRange.parse("0.0.0.0/8", "unspecified"),
            IpRange.parse("10.0.0.0/8", PRIVATE),
            IpRange.parse("100.64.0.0/10", SHARED),
            IpRange.parse("127.0.0.0/8", LOOPBACK),
            IpRange.parse("169.254.0.0/16", "link-local (cloud metadata)"),
            IpRange.parse("172.16.0.0/12", PRIVATE),
            IpRange.parse("192.0.0.0/24", "IETF protocol assignment"),
            IpRange.parse("192.168.0.0/16", PRIVATE),
            IpRange.parse("198.18.0.0/15", "benchmarking"),
            IpRange.parse("224.0.0.0/4", "multicast"),
            IpRange.parse("240.0.0.0/4", "reserved or broadcast"));

    private static final List<IpRange> IPV6 = List.of(
            IpRange.parse("::/128", "unspecified"),
            IpRange.parse("::1/128", LOOPBACK),
            IpRange.parse("100::/64", "discard-only"),
            IpRange.parse("fc00::/7", UNIQUE_LOCAL),
            IpRange.parse("fe80::/10", "link-local"),
            IpRange.parse("fec0::/10", "site-local"),
            IpRange.parse("ff00::/8", "multicast"));

    private static final IpRange MAPPED = IpRange.parse("::ffff:0:0/96", "IPv4-mapped");
    private static final IpRange COMPATIBLE = IpRange.parse("::/96", "IPv4-compatible");
    private static final IpRange NAT64 = IpRange.parse("64:ff9b::/96", "NAT64");
    private static final IpRange SIX_TO_FOUR = IpRange.parse("2002::/16", "6to4");

    private NonPublicAddresses() {
    }

    /** What kind of non-public address this is ("loopback", "private", ...), or empty for public unicast. */
    public static Optional<String> classify(InetAddress address) {
        return classify(address.getAddress());
    }

    static Optional<String> classify(byte[] a) {
        if (a.length == 4) {
            return IPV4.stream().filter(r -> r.contains(a)).map(IpRange::kind).findFirst();
        }
        for (IpRange r : IPV6) {
            if (r.contains(a)) {
                return Optional.of(r.kind());
            }
        }
        for (IpRange carrier : List.of(MAPPED, COMPATIBLE, NAT64)) {
            if (carrier.contains(a)) {
                return classify(Arrays.copyOfRange(a, 12, 16)).map(k -> carrier.kind() + " " + k);
            }
        }
        if (SIX_TO_FOUR.contains(a)) {
            return classify(Arrays.copyOfRange(a, 2, 6)).map(k -> "6to4 " + k);
        }
        return Optional.empty();
    }

    /** True for the kinds that {@code allow-private-networks} opens; never link-local, multicast or unspecified. */
    public static boolean isPrivateNetwork(String kind) {
        return List.of(LOOPBACK, PRIVATE, SHARED, UNIQUE_LOCAL).stream().anyMatch(kind::endsWith);
    }
}
