package org.imclab.gateway.ratelimit;

/**
 * One limit of a key's bucket, as the IETF RateLimit header draft names it: at most {@code quota} requests
 * per {@code windowSeconds}.
 *
 * @param name          "minute" (the key's per-minute allowance) or "burst" (the per-second cap)
 * @param quota         requests per window
 * @param windowSeconds window length
 */
public record RateLimitPolicy(String name, long quota, long windowSeconds) {

    /** {@code "minute";q=600;w=60}, one item of the RateLimit-Policy field. */
    String item() {
        return "\"" + name + "\";q=" + quota + ";w=" + windowSeconds;
    }
}
