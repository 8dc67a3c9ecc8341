package io.parley.server.service;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The unit an address limit counts: an IPv4 address, or an IPv6 /64. One IPv6 host usually holds a whole /64
 * and can pick a new address in it for every connection, so counting single IPv6 addresses would count nothing.
 */
final class AddressBlock {
    private static final int IPV6_PREFIX_BYTES = 8;

    private AddressBlock() {}

    static InetAddress of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] prefix = Arrays.copyOf(Arrays.copyOf(address.getAddress(), IPV6_PREFIX_BYTES), 16);
        try {
            return InetAddress.getByAddress(prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
