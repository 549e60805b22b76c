package org.imclab.common.jobs.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A CIDR block such as {@code 10.0.0.0/8} or {@code fc00::/7}, matched byte-wise against an address of its family. */
public record IpRange(byte[] network, int prefixLength, String kind) {

    /** Parses {@code address/prefix}; only numeric literals are accepted, so no name lookup happens. */
    public static IpRange parse(String cidr, String kind) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr.trim() : cidr.substring(0, slash).trim();
        if (!address.matches("[0-9a-fA-F:.]+") || !(address.contains(":") || address.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"))) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block such as 10.0.0.0/8 or fd00::/8");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block such as 10.0.0.0/8 or fd00::/8", e);
        }
        if (address.contains(":") && bytes.length == 4) {
            // Java turns IPv4-mapped literals (::ffff:a.b.c.d) into IPv4 addresses; keep the IPv6 form of a block.
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0.." + bytes.length * 8);
            }
        }
        return new IpRange(bytes, prefix, kind);
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }
}
