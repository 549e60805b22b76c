package org.imclab.gateway.apikeys;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.FieldError;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Creates, lists, revokes and authenticates API keys. */
@Service
public class ApiKeys {

    static final int MAX_NAME = 100;
    static final int MAX_RATE_LIMIT = 1_000_000;
    static final int MAX_PROJECT = 100;
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_PROJECT - 1) + "}");

    private final ApiKeyRepository repository;
    private final ApiKeyLookup lookup;

    ApiKeys(ApiKeyRepository repository, ApiKeyLookup lookup) {
        this.repository = repository;
        this.lookup = lookup;
    }

    public CreatedApiKey create(CreateApiKeyRequest request) {
        List<Scope> scopes = validate(request);
        // A 40-bit prefix collides with negligible odds; retrying keeps a collision from surfacing as a 500.
        for (int attempt = 0; ; attempt++) {
            ApiKeyToken token = ApiKeyToken.generate();
            try {
                ApiKey stored = repository.saveAndFlush(new ApiKeyEntity(request.name().trim(), token, scopes,
                        request.rateLimitPerMinute(), project(request))).toApiKey();
                lookup.invalidate(token.prefix());
                return CreatedApiKey.of(stored, token);
            } catch (DataIntegrityViolationException collision) {
                if (attempt == 2) {
                    throw collision;
                }
            }
        }
    }

    public List<ApiKeyView> list() {
        return repository.findAllByOrderByIdAsc().stream().map(e -> ApiKeyView.of(e.toApiKey())).toList();
    }

    public ApiKeyView get(long id) {
        return repository.findById(id).map(e -> ApiKeyView.of(e.toApiKey()))
                .orElseThrow(() -> ApiException.notFound("API key", id));
    }

    public ApiKeyView revoke(long id) {
        if (repository.revoke(id) == 0) {
            throw ApiException.notFound("API key", id);
        }
        ApiKey revoked = repository.findById(id).orElseThrow().toApiKey();
        lookup.invalidate(revoked.prefix());
        return ApiKeyView.of(revoked);
    }

    /** The live key a client presented, or empty when no such key exists or the secret is wrong. */
    public Optional<ApiKey> authenticate(ApiKeyToken token) {
        return lookup.byPrefix(token.prefix()).filter(key -> key.matches(token));
    }

    /** Stores an operator-supplied key (admin scope) unless it is already there. */
    boolean bootstrap(ApiKeyToken token) {
        boolean inserted = repository.insertIfAbsent("bootstrap-admin", token.prefix(), token.secretSha256(),
                "{" + Scope.ADMIN.wireName() + "}") == 1;
        lookup.invalidate(token.prefix());
        return inserted;
    }

    private static String project(CreateApiKeyRequest request) {
        return request.project() == null || request.project().isBlank() ? null : request.project().trim();
    }

    private static List<Scope> validate(CreateApiKeyRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.name() == null || request.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (request.name().trim().length() > MAX_NAME) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME + " characters"));
        }
        Set<Scope> scopes = new LinkedHashSet<>();
        if (request.scopes() == null || request.scopes().isEmpty()) {
            errors.add(new FieldError("scopes", "must name at least one of read, submit, admin"));
        } else {
            for (int i = 0; i < request.scopes().size(); i++) {
                String value = request.scopes().get(i);
                Optional<Scope> scope = Scope.parse(value);
                if (scope.isPresent()) {
                    scopes.add(scope.get());
                } else {
                    errors.add(new FieldError("scopes[" + i + "]",
                            "'" + value + "' is not a scope (allowed: read, submit, admin)"));
                }
            }
        }
        Integer limit = request.rateLimitPerMinute();
        if (limit != null && (limit < 1 || limit > MAX_RATE_LIMIT)) {
            errors.add(new FieldError("rateLimitPerMinute", "must be between 1 and " + MAX_RATE_LIMIT));
        }
        String project = project(request);
        if (project != null && !PROJECT.matcher(project).matches()) {
            // It travels in a signed header and is compared verbatim, so keep it to a safe, unambiguous set.
            errors.add(new FieldError("project", "must be 1 to " + MAX_PROJECT
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
        if (!errors.isEmpty()) {
            String detail = errors.get(0).field() + ": " + errors.get(0).message();
            throw new ApiException(HttpStatus.BAD_REQUEST, detail, errors);
        }
        return List.copyOf(scopes);
    }
}
