package org.imclab.pruning.activelearning.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.imclab.common.web.Caller;
import org.imclab.common.web.RowVisibility;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import org.imclab.pruning.activelearning.AdversarialSettings;
import org.imclab.pruning.activelearning.ClassifierConfig;

/** Rows of pruning.al_session, al_label and al_pending. */
@Repository
class SessionStore {

    record SessionRow(UUID id, String datasetId, ClassifierConfig classifier, String strategy,
            AdversarialSettings adversarial, int batchSize, int candidates, long seed, int round,
            List<SessionDtos.HistoryPoint> history, Instant createdAt, Instant updatedAt, String owner,
            String project, long version) {
    }

    record LabelRow(int poolId, int label, float[] adversarial) {
    }

    record PendingRow(int poolId, float[] adversarial) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final JsonMapper json;

    SessionStore(DataSource dataSource, JsonMapper json) {
        this.jdbc = JdbcClient.create(dataSource);
        this.batch = new JdbcTemplate(dataSource);
        this.json = json;
    }

    /** A new session owned by {@code owner} (its key and project). */
    void insert(SessionRow s, Caller owner) {
        jdbc.sql("""
                insert into pruning.al_session(id, dataset_id, classifier, strategy, adversarial, batch_size, candidates,
                    seed, round, history, owner, project) values (?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?)""")
                .params(s.id(), s.datasetId(), json.writeValueAsString(s.classifier()), s.strategy(),
                        json.writeValueAsString(s.adversarial()), s.batchSize(), s.candidates(), s.seed(), s.round(),
                        json.writeValueAsString(s.history()), owner.owner(), owner.project())
                .update();
    }

    /** The session if {@code viewer} may see it; another owner's session is absent. */
    Optional<SessionRow> find(UUID id, Caller viewer) {
        RowVisibility visible = RowVisibility.of(viewer);
        List<Object> args = new java.util.ArrayList<>();
        args.add(id);
        args.addAll(visible.args());
        return jdbc.sql("select id, dataset_id, classifier::text, strategy, adversarial::text, batch_size, candidates, "
                        + "seed, round, history::text, created_at, updated_at, owner, project, version from pruning.al_session "
                        + "where id = ? and " + visible.positional())
                .params(args)
                .query((rs, n) -> new SessionRow(rs.getObject(1, UUID.class), rs.getString(2),
                        json.readValue(rs.getString(3), ClassifierConfig.class), rs.getString(4),
                        json.readValue(rs.getString(5), AdversarialSettings.class), rs.getInt(6), rs.getInt(7),
                        rs.getLong(8), rs.getInt(9),
                        json.readValue(rs.getString(10), new TypeReference<List<SessionDtos.HistoryPoint>>() {
                        }),
                        rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant(), rs.getString(13),
                        rs.getString(14), rs.getLong(15)))
                .optional();
    }

    /**
     * Moves the session to {@code round} if it is still at {@code expectedVersion}, bumping the version;
     * false if another labelling committed first. A concurrent update waits for the row and then sees the
     * new version, so of two labellings of one version exactly one passes.
     */
    boolean advance(UUID id, long expectedVersion, int round, List<SessionDtos.HistoryPoint> history) {
        return jdbc.sql("""
                update pruning.al_session set round = ?, history = ?::jsonb, updated_at = ?, version = version + 1
                where id = ? and version = ?""")
                .params(round, json.writeValueAsString(history), Timestamp.from(Instant.now()), id, expectedVersion)
                .update() == 1;
    }

    /** The session's current version (empty if it is gone), for a conflict's answer. */
    Optional<Long> version(UUID id) {
        return jdbc.sql("select version from pruning.al_session where id = ?").param(id).query(Long.class).optional();
    }

    /** Labels of one round in one JDBC batch; {@code adversarial} may be null, or hold nulls. */
    void addLabels(UUID session, int[] poolIds, int[] labels, String source, int round, float[][] adversarial) {
        List<Object[]> rows = new java.util.ArrayList<>(poolIds.length);
        for (int i = 0; i < poolIds.length; i++) {
            rows.add(new Object[] {session, poolIds[i], labels[i], source, round,
                    bytes(adversarial == null ? null : adversarial[i])});
        }
        batch.batchUpdate("insert into pruning.al_label(session_id, pool_id, label, source, round, adversarial) "
                + "values (?, ?, ?, ?, ?, ?)", rows, TYPES_LABEL);
    }

    private static final int[] TYPES_LABEL = {Types.OTHER, Types.INTEGER, Types.INTEGER, Types.VARCHAR, Types.INTEGER,
            Types.BINARY};

    /** Labels in a fixed order (round, then pool id), so a retrained model does not depend on arrival order. */
    List<LabelRow> labels(UUID session) {
        return jdbc.sql("select pool_id, label, adversarial from pruning.al_label where session_id = ? "
                        + "order by round, pool_id")
                .param(session)
                .query((rs, n) -> new LabelRow(rs.getInt(1), rs.getInt(2), floats(rs.getBytes(3))))
                .list();
    }

    int labelCount(UUID session) {
        return jdbc.sql("select count(*) from pruning.al_label where session_id = ?").param(session)
                .query(Integer.class).single();
    }

    /** The new pending batch in place of the old one: a delete and one JDBC batch of inserts. */
    void replacePending(UUID session, int[] ids, float[][] adversarial) {
        jdbc.sql("delete from pruning.al_pending where session_id = ?").param(session).update();
        List<Object[]> rows = new java.util.ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            rows.add(new Object[] {session, ids[i], i, bytes(adversarial == null ? null : adversarial[i])});
        }
        batch.batchUpdate("insert into pruning.al_pending(session_id, pool_id, position, adversarial) values (?, ?, ?, ?)",
                rows, TYPES_PENDING);
    }

    private static final int[] TYPES_PENDING = {Types.OTHER, Types.INTEGER, Types.INTEGER, Types.BINARY};

    List<PendingRow> pending(UUID session) {
        return jdbc.sql("select pool_id, adversarial from pruning.al_pending where session_id = ? order by position")
                .param(session)
                .query((rs, n) -> new PendingRow(rs.getInt(1), floats(rs.getBytes(2))))
                .list();
    }

    static byte[] bytes(float[] v) {
        if (v == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] floats(byte[] b) {
        if (b == null) {
            return null;
        }
        float[] v = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
