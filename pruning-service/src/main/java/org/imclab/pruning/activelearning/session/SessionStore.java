package org.imclab.pruning.activelearning.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Types;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * A session's labels ({@code pruning.al_label}) and pending batch ({@code al_pending}) through JDBC: they
 * are written a batch at a time and hold raw float32 bytes, so JDBC batches are the natural fit. The
 * session row itself is {@link SessionEntity}.
 */
@Repository
class SessionStore {

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
