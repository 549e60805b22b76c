package org.imclab.common.jobs.webhooks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.DnsResolver;
import org.imclab.common.web.ApiException;

/**
 * Decides which URLs a completion webhook may be sent to. A callback is an outbound request on a
 * user's behalf from inside the platform, so it must not reach the platform's own services, the
 * cloud metadata endpoint or anything else that is not on the public internet: every address the
 * host resolves to has to be public unicast, unless configuration opens private networks
 * ({@link WebhookSettings#allowPrivateNetworks()}) or lists a block ({@link WebhookSettings#allowedNetworks()}).
 *
 * <p>The same check runs at submission (a 400 naming {@code callbackUrl}) and again inside the
 * delivering HTTP client's name resolution ({@link #dnsResolver()}), so the connection goes to the
 * addresses that were vetted, not to whatever a second DNS answer says.
 */
public class CallbackUrlPolicy {

    /** Looks up every address of a host name; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    public interface NameLookup {
        InetAddress[] lookup(String host) throws UnknownHostException;
    }

    /** Refused by policy (not a transient failure): retrying the same URL cannot succeed. */
    public static class RefusedCallback extends UnknownHostException {
        public RefusedCallback(String message) {
            super(message);
        }
    }

    // A host whose last label is a number is an IPv4 address in the URL standard (2130706433, 0x7f.1,
    // 0177.0.0.1); resolvers disagree on those forms, so only the canonical dotted quad is accepted.
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(?i)0x[0-9a-f]*|[0-9]+");
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private final boolean allowPrivateNetworks;
    private final List<IpRange> allowedNetworks;
    private final NameLookup names;

    public CallbackUrlPolicy(WebhookSettings settings) {
        this(settings, InetAddress::getAllByName);
    }

    public CallbackUrlPolicy(WebhookSettings settings, NameLookup names) {
        this.allowPrivateNetworks = settings.allowPrivateNetworks();
        this.allowedNetworks = settings.allowedNetworks().stream()
                .map(cidr -> IpRange.parse(cidr, "allowed by imclab.webhooks.allowed-networks")).toList();
        this.names = names;
    }

    /** For a submission: throws a 400 naming {@code callbackUrl} unless a webhook may be sent there. */
    public void checkSubmitted(String url) {
        if (url == null) {
            return;
        }
        try {
            check(url);
        } catch (RefusedCallback e) {
            throw ApiException.badRequest("callbackUrl", e.getMessage());
        } catch (UnknownHostException e) {
            throw ApiException.badRequest("callbackUrl", "host '" + hostOf(url) + "' does not resolve");
        }
    }

    /** Parses and vets the URL, resolving its host; returns the URI and the addresses a delivery may use. */
    public Target check(String url) throws UnknownHostException {
        URI uri = parse(url);
        return new Target(uri, resolve(uri.getHost()));
    }

    /** A vetted callback: the URL and every address its host resolved to, all of them allowed. */
    public record Target(URI uri, List<InetAddress> addresses) {
    }

    /** The URL's syntax alone: absolute http(s), a host, no credentials, no ambiguous numeric host. */
    public static URI parse(String url) throws RefusedCallback {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new RefusedCallback("is not a valid URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        String authority = u.getRawAuthority();
        if (!(scheme.equals("http") || scheme.equals("https")) || authority == null) {
            throw new RefusedCallback("must be an absolute http(s) URL");
        }
        if (u.getRawUserInfo() != null || authority.contains("@")) {
            // Credentials in the URL would be stored with the job and shown to everyone who can read it.
            throw new RefusedCallback("must not contain credentials (user:password@); authenticate deliveries "
                    + "by their X-IMCLab-Signature instead");
        }
        // java.net.URI leaves the host null for forms it cannot parse, such as 127.1; judge the raw text then.
        String host = u.getHost() != null ? u.getHost() : authority.replaceFirst(":\\d*$", "");
        if (!host.startsWith("[")) {
            String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            String last = name.substring(name.lastIndexOf('.') + 1);
            if (NUMERIC_LABEL.matcher(last).matches() && !DOTTED_QUAD.matcher(name).matches()) {
                throw new RefusedCallback("host '" + host + "' is a numeric form other than a dotted-quad IPv4 address "
                        + "(such as 2130706433, 0x7f.1 or 0177.0.0.1); write the address as a.b.c.d or use a DNS name");
            }
        }
        if (u.getHost() == null) {
            throw new RefusedCallback("must be an absolute http(s) URL with a valid host name");
        }
        return u;
    }

    /** Every address of the host, or a refusal naming the first one that is not allowed. */
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.isEmpty()) {
            throw new RefusedCallback("has no host");
        }
        InetAddress[] found = names.lookup(bare);
        if (found == null || found.length == 0) {
            throw new UnknownHostException(bare);
        }
        for (InetAddress a : found) {
            Optional<String> refusal = refusal(a);
            if (refusal.isPresent()) {
                boolean literal = bare.contains(":") || DOTTED_QUAD.matcher(bare).matches();
                String shown = literal ? "'" + bare + "'" : "'" + bare + "' resolves to " + a.getHostAddress() + ", which";
                throw new RefusedCallback("host " + shown + " is not a public address (" + refusal.get() + "); webhooks "
                        + "go only to public addresses unless imclab.webhooks.allow-private-networks or allowed-networks permits it");
            }
        }
        return List.copyOf(Arrays.asList(found));
    }

    private Optional<String> refusal(InetAddress a) {
        if (allowedNetworks.stream().anyMatch(r -> r.contains(a))) {
            return Optional.empty();
        }
        return NonPublicAddresses.classify(a)
                .filter(kind -> !(allowPrivateNetworks && NonPublicAddresses.isPrivateNetwork(kind)));
    }

    /** For the delivering HTTP client: resolves only to vetted addresses, so the connection uses exactly those. */
    public DnsResolver dnsResolver() {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return CallbackUrlPolicy.this.resolve(host).toArray(InetAddress[]::new);
            }

            @Override
            public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
                return CallbackUrlPolicy.this.resolve(host).stream().map(a -> new InetSocketAddress(a, port)).toList();
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                // Only used for Kerberos/SPNEGO, which a webhook never does; no second lookup.
                return host;
            }
        };
    }

    private static String hostOf(String url) {
        try {
            return new URI(url).getHost();
        } catch (URISyntaxException e) {
            return url;
        }
    }
}
