package org.ecofoyer.dashboard.web;

import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} headers are believed
 * ({@code dashboard.trusted-proxies}: addresses and CIDR ranges, IPv4 or IPv6). A request whose peer (the socket's other
 * end) is not one of them is taken as it is, whatever headers it carries: anyone can write those headers, so believing
 * them from anywhere would let an attacker pick a new address for every sign-in attempt and escape the throttle.
 * Behind trusted proxies the client is the rightmost {@code X-Forwarded-For} hop that is not itself a trusted proxy
 * (each proxy appends the address it received the request from; everything left of the first untrusted hop may be
 * forged).
 */
public final class TrustedProxies {
    /** Where {@link #handle} leaves the client's address for {@link Requests#address}. */
    public static final String CLIENT = "ecofoyer.client";
    /** Whether the client reached us over TLS (directly, or at a trusted proxy that says so). */
    public static final String HTTPS = "ecofoyer.https";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private record Range(byte[] network, int prefix) {
        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** Parses addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1}, {@code fd00::/8}). */
    public static TrustedProxies parse(List<String> specs) {
        List<Range> out = new ArrayList<>();
        for (String raw : specs == null ? List.<String>of() : specs) {
            String spec = raw == null ? "" : raw.trim();
            int slash = spec.indexOf('/');
            InetAddress a = literal(slash < 0 ? spec : spec.substring(0, slash));
            if (a == null) {
                throw new IllegalArgumentException("expected an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8, got '" + raw + "'");
            }
            int bits = a.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(spec.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("expected a prefix length from 0 to " + bits + " in '" + raw + "'");
                }
            }
            out.add(new Range(a.getAddress(), prefix));
        }
        return out.isEmpty() ? NONE : new TrustedProxies(List.copyOf(out));
    }

    /** An IP literal as an address, or null (never a DNS lookup: a host name is not an address here). */
    static InetAddress literal(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        String v = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (!IPV4.matcher(v).matches() && !(v.indexOf(':') >= 0 && v.matches("[0-9A-Fa-f:.]+"))) {
            return null;
        }
        try {
            return InetAddress.getByName(v);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean trusts(String address) {
        InetAddress a = literal(address);
        if (a == null || ranges.isEmpty()) {
            return false;
        }
        for (Range r : ranges) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address: the peer itself unless it is a trusted proxy; then, walking {@code X-Forwarded-For} from the
     * right, the first hop that is not a trusted proxy (or the leftmost one when all are; or the last trusted hop when
     * the next one is not an address).
     */
    public String client(String peer, List<String> forwardedFor) {
        if (!trusts(peer) || forwardedFor == null || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String h : header.split(",")) {
                if (!h.isBlank()) {
                    hops.add(h.trim());
                }
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = withoutPort(hops.get(i));
            if (literal(hop) == null) {
                return client;
            }
            client = normalised(hop);
            if (!trusts(hop)) {
                return client;
            }
        }
        return client;
    }

    /** Whether a trusted proxy says the client came over HTTPS (the value its nearest proxy wrote: the last one). */
    public boolean forwardedHttps(String peer, List<String> forwardedProto) {
        if (!trusts(peer) || forwardedProto == null || forwardedProto.isEmpty()) {
            return false;
        }
        String[] values = forwardedProto.get(forwardedProto.size() - 1).split(",");
        return values[values.length - 1].trim().toLowerCase(Locale.ROOT).equals("https");
    }

    /** A router handler: records the client's address and scheme on the request for the handlers after it. */
    public void handle(RoutingContext rc) {
        var remote = rc.request().remoteAddress();
        String peer = remote == null ? "unknown" : remote.hostAddress();
        rc.put(CLIENT, client(peer, rc.request().headers().getAll("x-forwarded-for")));
        rc.put(HTTPS, rc.request().isSSL() || forwardedHttps(peer, rc.request().headers().getAll("x-forwarded-proto")));
        rc.next();
    }

    /** {@code 203.0.113.7:51234} or {@code [2001:db8::1]:443} without the port. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
    }

    private static String normalised(String hop) {
        InetAddress a = literal(hop);
        return a == null ? hop : a.getHostAddress();
    }
}
