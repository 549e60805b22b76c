package org.imclab.common.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of a list, with the opaque token that fetches the next page (null on the last one). */
public record Page<T>(List<T> items, @JsonProperty("next_page_token") String nextPageToken) {
}
