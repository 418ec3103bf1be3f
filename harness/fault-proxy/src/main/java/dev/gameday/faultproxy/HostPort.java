package dev.gameday.faultproxy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Parses and prints addresses the way Toxiproxy (Go's net package) writes them: "host:port", "[v6]:port". */
final class HostPort {
    private HostPort() {}

    /**
     * Parses "host:port"; an empty host, {@code ::} or {@code 0.0.0.0} means every interface (as
     * Toxiproxy reports a wildcard listener as {@code [::]:port}, clients send that back when they
     * update a proxy, and on a host without IPv6 it must still mean "every interface"). Other hosts
     * are left unresolved, so an upstream that does not exist yet is fine until someone connects.
     */
    static InetSocketAddress parse(String address) throws ApiException {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new ApiException(500, "address " + address + ": missing port in address");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ApiException(500, "address " + address + ": invalid port");
        }
        if (port < 0 || port > 65535) {
            throw new ApiException(500, "address " + address + ": invalid port");
        }
        boolean wildcard = host.isEmpty() || host.equals("::") || host.equals("0.0.0.0");
        return wildcard ? new InetSocketAddress(port) : InetSocketAddress.createUnresolved(host, port);
    }

    static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip.isAnyLocalAddress()) {
            return "[::]:" + address.getPort();
        }
        if (ip instanceof Inet6Address) {
            return "[" + ip.getHostAddress() + "]:" + address.getPort();
        }
        return ip.getHostAddress() + ":" + address.getPort();
    }
}
