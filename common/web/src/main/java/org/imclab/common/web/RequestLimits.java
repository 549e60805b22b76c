package org.imclab.common.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Size limits a service enforces itself, whoever calls it.
 *
 * @param maxBodySize the largest non-multipart request body (JSON job submissions and every other
 *                    JSON call); multipart uploads keep {@code spring.servlet.multipart.*}
 */
@ConfigurationProperties("imclab.requests")
public record RequestLimits(@DefaultValue("1MB") DataSize maxBodySize) {
}
