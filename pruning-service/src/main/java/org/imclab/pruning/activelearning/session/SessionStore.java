package org.imclab.pruning.activelearning.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.imclab.common.web.Caller;
import org.imclab.common.web.RowVisibility;
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
            String project) {
    }

    record LabelRow(int poolId, int label, float[] adversarial) {
    }

    record PendingRow(int poolId, float[] adversarial) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SessionStore(DataSource dataSource, JsonMapper json) {
        this.jdbc = JdbcClient.create(dataSource);
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
    Optional<SessionRow> find(UUID id, boolean forUpdate, Caller viewer) {
        RowVisibility visible = RowVisibility.of(viewer);
        List<Object> args = new java.util.ArrayList<>();
        args.add(id);
        args.addAll(visible.args());
        return jdbc.sql("select id, dataset_id, classifier::text, strategy, adversarial::text, batch_size, candidates, "
                        + "seed, round, history::text, created_at, updated_at, owner, project from pruning.al_session "
                        + "where id = ? and " + visible.positional() + (forUpdate ? " for update" : ""))
                .params(args)
                .query((rs, n) -> new SessionRow(rs.getObject(1, UUID.class), rs.getString(2),
                        json.readValue(rs.getString(3), ClassifierConfig.class), rs.getString(4),
                        json.readValue(rs.getString(5), AdversarialSettings.class), rs.getInt(6), rs.getInt(7),
                        rs.getLong(8), rs.getInt(9),
                        json.readValue(rs.getString(10), new TypeReference<List<SessionDtos.HistoryPoint>>() {
                        }),
                        rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant(), rs.getString(13),
                        rs.getString(14)))
                .optional();
    }

    void update(UUID id, int round, List<SessionDtos.HistoryPoint> history) {
        jdbc.sql("update pruning.al_session set round = ?, history = ?::jsonb, updated_at = ? where id = ?")
                .params(round, json.writeValueAsString(history), Timestamp.from(Instant.now()), id).update();
    }

    void addLabel(UUID session, int poolId, int label, String source, int round, float[] adversarial) {
        jdbc.sql("insert into pruning.al_label(session_id, pool_id, label, source, round, adversarial) "
                        + "values (?, ?, ?, ?, ?, ?)")
                .params(session, poolId, label, source, round, bytes(adversarial)).update();
    }

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

    void replacePending(UUID session, int[] ids, float[][] adversarial) {
        jdbc.sql("delete from pruning.al_pending where session_id = ?").param(session).update();
        for (int i = 0; i < ids.length; i++) {
            jdbc.sql("insert into pruning.al_pending(session_id, pool_id, position, adversarial) values (?, ?, ?, ?)")
                    .params(session, ids[i], i, bytes(adversarial == null ? null : adversarial[i])).update();
        }
    }

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
