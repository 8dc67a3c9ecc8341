package io.parley.server.transport;

import io.netty.channel.Channel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place that counts connections: per remote address and in all, like InspIRCd's connect-class
 * {@code localmax}/{@code globalmax} and nginx's {@code limit_conn}. A count is taken when a connection is
 * accepted and given back when it closes (its close future, which completes exactly once, whatever path
 * closed it); an address whose count falls to 0 leaves the map, so a scan of many addresses leaves nothing
 * behind.
 *
 * <p>IPv6 is counted per /64: one host is routinely handed a whole /64 and can pick a new source address
 * for every connection, so counting single IPv6 addresses would bound nothing. IPv4 is counted per
 * address. Connections from something other than an IP socket are only counted in all.
 */
final class ConnectionLimiter {
    private final int perAddress;
    private final int cap;
    private final int refusalsWaiting;
    private final ConcurrentHashMap<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param cap             connections held at once, from {@link AdmissionLimits#connectionCap}
     * @param refusalsWaiting refused connections that may wait for their first frame at once
     */
    ConnectionLimiter(int perAddress, int cap, int refusalsWaiting) {
        this.perAddress = perAddress;
        this.cap = cap;
        this.refusalsWaiting = refusalsWaiting;
    }

    /** Counts {@code channel} in when it fits both caps; an admitted channel is counted out when it closes. */
    Admission admit(SocketAddress remote, Channel channel) {
        InetAddress key = keyOf(remote);
        if (key != null && !takeAddressSlot(key)) {
            return Admission.OVER_ADDRESS_CAP;
        }
        if (!take(total, cap)) {
            if (key != null) {
                giveAddressSlot(key);
            }
            return Admission.SERVER_FULL;
        }
        channel.closeFuture().addListener(f -> {
            total.decrementAndGet();
            if (key != null) {
                giveAddressSlot(key);
            }
        });
        return Admission.ADMITTED;
    }

    /**
     * Whether a refused {@code channel} may wait for its first frame so that it can be told why; false when
     * enough refused connections wait already (a flood), and it is then closed at once.
     */
    boolean mayWait(Channel channel) {
        if (!take(waiting, refusalsWaiting)) {
            return false;
        }
        channel.closeFuture().addListener(f -> waiting.decrementAndGet());
        return true;
    }

    int connections() {
        return total.get();
    }

    int cap() {
        return cap;
    }

    /** Addresses holding at least one connection now. */
    int addresses() {
        return byAddress.size();
    }

    private boolean takeAddressSlot(InetAddress key) {
        boolean[] taken = {false};
        byAddress.compute(key, (k, n) -> {
            int held = n == null ? 0 : n;
            if (held >= perAddress) {
                return n;
            }
            taken[0] = true;
            return held + 1;
        });
        return taken[0];
    }

    private void giveAddressSlot(InetAddress key) {
        byAddress.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    private static boolean take(AtomicInteger counter, int limit) {
        while (true) {
            int now = counter.get();
            if (now >= limit) {
                return false;
            }
            if (counter.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /**
     * The address a connection is counted under: its IPv4 address, or its IPv6 /64; null when not IP. (The
     * JDK already presents an IPv4-mapped IPv6 peer as an {@link Inet4Address}.)
     */
    static InetAddress keyOf(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress socket) || socket.getAddress() == null) {
            return null;
        }
        InetAddress address = socket.getAddress();
        if (address instanceof Inet4Address) {
            return address;
        }
        byte[] bytes = address.getAddress();
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
