package org.imclab.common.web;

import org.springframework.data.jpa.domain.Specification;

/**
 * {@link Caller#canSee} as a Spring Data JPA specification over an entity with {@code owner} and
 * {@code project} attributes: the JPA twin of {@link RowVisibility}, so repositories filter in the
 * database before they page and another owner's row is simply absent. Admins get no condition at all,
 * so the planner uses the unfiltered indexes.
 */
public final class VisibleTo {

    private VisibleTo() {
    }

    public static <T> Specification<T> caller(Caller viewer) {
        if (viewer.isAdmin()) {
            return Specification.unrestricted();
        }
        if (viewer.project() == null) {
            return (root, query, cb) -> cb.equal(root.get("owner"), viewer.owner());
        }
        return (root, query, cb) -> cb.or(cb.equal(root.get("owner"), viewer.owner()),
                cb.equal(root.get("project"), viewer.project()));
    }
}
