package org.imclab.common.web;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link Caller#canSee} as an SQL condition, so lists and searches filter in the database before they
 * page, and a lookup of another owner's row finds nothing (the API answers 404, never revealing that it
 * exists). Admins get {@code true}: the planner then uses the unfiltered indexes.
 *
 * @param caller        who is looking
 * @param ownerColumn   the row's owner column, e.g. {@code r.owner}
 * @param projectColumn the row's project column, e.g. {@code r.project}
 */
public record RowVisibility(Caller caller, String ownerColumn, String projectColumn) {

    public static RowVisibility of(Caller caller) {
        return new RowVisibility(caller, "owner", "project");
    }

    public static RowVisibility of(Caller caller, String alias) {
        return new RowVisibility(caller, alias + ".owner", alias + ".project");
    }

    /** The condition with {@code ?} placeholders; bind {@link #args()} in the same order. */
    public String positional() {
        if (caller.isAdmin()) {
            return "true";
        }
        if (caller.project() == null) {
            return ownerColumn + " = ?";
        }
        return "(" + ownerColumn + " = ? or " + projectColumn + " = ?)";
    }

    /** The arguments of {@link #positional()}. */
    public List<Object> args() {
        if (caller.isAdmin()) {
            return List.of();
        }
        return caller.project() == null ? List.of(caller.owner()) : List.of(caller.owner(), caller.project());
    }

    /** The condition with named parameters {@code :visibleOwner} and {@code :visibleProject}. */
    public String named() {
        if (caller.isAdmin()) {
            return "true";
        }
        if (caller.project() == null) {
            return ownerColumn + " = :visibleOwner";
        }
        return "(" + ownerColumn + " = :visibleOwner or " + projectColumn + " = :visibleProject)";
    }

    /** Binds the parameters {@link #named()} uses. */
    public JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
        if (caller.isAdmin()) {
            return statement;
        }
        statement = statement.param("visibleOwner", caller.owner());
        return caller.project() == null ? statement : statement.param("visibleProject", caller.project());
    }
}
