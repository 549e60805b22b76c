package org.imclab.pruning.activelearning.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.Caller;
import org.imclab.common.web.FieldError;
import org.imclab.pruning.activelearning.ActiveLearner;
import org.imclab.pruning.activelearning.AdversarialParams;
import org.imclab.pruning.activelearning.Strategy;
import org.imclab.pruning.activelearning.data.DatasetCatalog;
import org.imclab.pruning.activelearning.data.PngImages;
import org.imclab.pruning.activelearning.data.PoolData;
import org.imclab.pruning.activelearning.study.StudyRunner;
import org.imclab.pruning.activelearning.session.SessionDtos.CreateSession;
import org.imclab.pruning.activelearning.session.SessionDtos.HistoryPoint;
import org.imclab.pruning.activelearning.session.SessionDtos.LabelEntry;
import org.imclab.pruning.activelearning.session.SessionDtos.LabelsResult;
import org.imclab.pruning.activelearning.session.SessionDtos.NextBatch;
import org.imclab.pruning.activelearning.session.SessionDtos.SampleImage;
import org.imclab.pruning.activelearning.session.SessionDtos.SessionView;
import org.imclab.pruning.activelearning.session.SessionStore.LabelRow;
import org.imclab.pruning.activelearning.session.SessionStore.PendingRow;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Human-in-the-loop sessions. All state is in the database; each labelling request rebuilds the learner
 * from the stored labels, retrains, measures test accuracy and stores the next batch. Retraining runs
 * outside any transaction; the store commits only if the session's version is still the one the
 * labelling read, so of two concurrent posts to one session one wins and the other gets 409.
 */
@Service
class SessionService {

    private final SessionRepository sessions;
    private final SessionStore store;
    private final DatasetCatalog catalog;
    private final TransactionTemplate tx;

    /** {@code transactions} is the JPA transaction manager: the session row and the JDBC label rows commit together. */
    SessionService(SessionRepository sessions, SessionStore store, DatasetCatalog catalog,
            PlatformTransactionManager transactions) {
        this.sessions = sessions;
        this.store = store;
        this.catalog = catalog;
        this.tx = new TransactionTemplate(transactions);
    }

    SessionView create(CreateSession r) {
        PoolData pool = catalog.load(r.datasetId(), "datasetId");
        r.classifier().validate("classifier", pool.data());
        Strategy strategy = Strategy.of(r.strategy());
        if (strategy == null) {
            throw ApiException.badRequest("strategy", "'" + r.strategy() + "' is not one of " + Strategy.ids());
        }
        long seed = r.seed() == null ? 0 : r.seed();
        Set<Integer> poolIds = ids(pool.poolIds());
        int[] initial;
        if (r.initialIds() != null) {
            if (r.initialCount() != null) {
                throw ApiException.badRequest("initialCount", "give either initialIds or initialCount");
            }
            Set<Integer> seen = new HashSet<>();
            initial = new int[r.initialIds().size()];
            for (int i = 0; i < initial.length; i++) {
                Integer id = r.initialIds().get(i);
                if (id == null || !poolIds.contains(id)) {
                    throw ApiException.badRequest("initialIds[" + i + "]", "'" + id + "' is not a pool id");
                }
                if (!seen.add(id)) {
                    throw ApiException.badRequest("initialIds[" + i + "]", "is given twice");
                }
                initial[i] = id;
            }
        } else {
            int count = r.initialCount() == null ? 0 : r.initialCount();
            if (count > pool.poolIds().length) {
                throw ApiException.badRequest("initialCount", "exceeds the pool of " + pool.poolIds().length);
            }
            initial = StudyRunner.initialIds(pool.poolIds(), count, seed);
        }
        int[] labels = new int[initial.length];
        for (int i = 0; i < initial.length; i++) {
            labels[i] = pool.data().y()[initial[i]];
        }
        SessionEntity row = new SessionEntity(UUID.randomUUID(), r.datasetId(), r.classifier(), strategy.id(),
                AdversarialParams.settings(r.adversarial()), r.batchSize(), r.candidates() == null ? 0 : r.candidates(),
                seed, List.of(), Caller.currentOrSystem());
        Double accuracy;
        ActiveLearner.Batch batch;
        try (ActiveLearner learner = learner(row, pool)) {
            learner.addLabels(initial, labels, null);
            accuracy = learner.testAccuracy();
            batch = learner.next(row.batchSize(), 1);
        }
        SessionEntity trained = new SessionEntity(row.id(), row.datasetId(), row.classifier(), row.strategy(),
                row.adversarial(), row.batchSize(), row.candidates(), row.seed(),
                List.of(new HistoryPoint(0, initial.length, accuracy)), Caller.currentOrSystem());
        tx.executeWithoutResult(s -> {
            sessions.saveAndFlush(trained);
            store.addLabels(row.id(), initial, labels, "initial", 0, null);
            store.replacePending(row.id(), batch.ids(), batch.synthetic());
        });
        return view(row.id());
    }

    private static ActiveLearner learner(SessionEntity s, PoolData pool) {
        return new ActiveLearner(pool.data(), pool.poolIds(), pool.testIds(), s.classifier(), Strategy.of(s.strategy()),
                s.adversarial(), s.candidates(), s.seed());
    }

    private static Set<Integer> ids(int[] a) {
        Set<Integer> s = new HashSet<>(a.length * 2);
        for (int v : a) {
            s.add(v);
        }
        return s;
    }

    private SessionEntity session(UUID id) {
        // Another owner's session answers 404, for reads and labelling alike.
        return sessions.find(id, Caller.currentOrSystem()).orElseThrow(() -> ApiException.notFound("active-learning session", id));
    }

    SessionView view(UUID id) {
        SessionEntity s = session(id);
        PoolData pool = catalog.load(s.datasetId(), "datasetId");
        List<HistoryPoint> history = s.history();
        Double accuracy = history.isEmpty() ? null : history.get(history.size() - 1).accuracy();
        return new SessionView(s.id(), s.datasetId(), pool.name(), s.classifier(), s.strategy(), s.batchSize(),
                pool.data().classNames(), pool.data().imageShape() != null, pool.poolIds().length,
                pool.testIds().length, store.labelCount(id), s.round(), accuracy, history,
                store.pending(id).stream().map(PendingRow::poolId).toList(), s.createdAt(), s.updatedAt(), s.owner(),
                s.project());
    }

    NextBatch nextBatch(UUID id, boolean images) {
        SessionEntity s = session(id);
        List<Integer> ids = store.pending(id).stream().map(PendingRow::poolId).toList();
        List<SampleImage> pngs = null;
        if (images) {
            PoolData pool = catalog.load(s.datasetId(), "datasetId");
            if (pool.data().imageShape() == null) {
                throw ApiException.badRequest("images", "data set '" + s.datasetId() + "' has no images");
            }
            pngs = ids.stream().map(i -> new SampleImage(i, PngImages.dataUrl(PngImages.png(pool.data(), i)))).toList();
        }
        return new NextBatch(id, s.round() + 1, ids, pngs);
    }

    byte[] samplePng(UUID id, int poolId) {
        SessionEntity s = session(id);
        PoolData pool = catalog.load(s.datasetId(), "datasetId");
        if (!ids(pool.poolIds()).contains(poolId)) {
            throw ApiException.notFound("pool sample", poolId);
        }
        if (pool.data().imageShape() == null) {
            throw ApiException.badRequest("poolId", "data set '" + s.datasetId() + "' has no images");
        }
        return PngImages.png(pool.data(), poolId);
    }

    LabelsResult label(UUID id, List<LabelEntry> entries) {
        if (entries == null || entries.isEmpty()) {
            throw ApiException.badRequest("labels", "must hold at least one {id, label}");
        }
        // Read and retrain without a transaction: with the DNN classifier retraining takes minutes, and a
        // row lock held that long would stall every other request on the session. The commit below checks
        // that no other labelling committed meanwhile (the session's version), so nothing is lost.
        SessionEntity s = session(id);
        PoolData pool = catalog.load(s.datasetId(), "datasetId");
        Map<Integer, PendingRow> pending = store.pending(id).stream()
                .collect(Collectors.toMap(PendingRow::poolId, Function.identity()));
        List<LabelRow> existing = store.labels(id);
        Set<Integer> labelled = existing.stream().map(LabelRow::poolId).collect(Collectors.toSet());
        Set<Integer> poolIds = ids(pool.poolIds());
        int classes = pool.data().numClasses();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            LabelEntry e = entries.get(i);
            String f = "labels[" + i + "]";
            if (e == null || e.id() == null) {
                throw ApiException.badRequest(f + ".id", "is required");
            }
            if (e.label() == null) {
                throw ApiException.badRequest(f + ".label", "is required");
            }
            if (!poolIds.contains(e.id())) {
                throw ApiException.badRequest(f + ".id", e.id() + " is not in the pool");
            }
            if (labelled.contains(e.id())) {
                throw ApiException.badRequest(f + ".id", e.id() + " is already labelled");
            }
            if (!pending.containsKey(e.id())) {
                throw ApiException.badRequest(f + ".id", e.id() + " is not in the pending batch");
            }
            if (!seen.add(e.id())) {
                throw ApiException.badRequest(f + ".id", e.id() + " is given twice");
            }
            if (e.label() < 0 || e.label() >= classes) {
                throw ApiException.badRequest(f + ".label", e.label() + " is not a class index in [0, " + classes
                        + ") " + pool.data().classNames());
            }
        }
        int round = s.round() + 1;
        int[] newIds = entries.stream().mapToInt(LabelEntry::id).toArray();
        int[] newLabels = entries.stream().mapToInt(LabelEntry::label).toArray();
        float[][] synthetic = entries.stream().map(e -> pending.get(e.id()).adversarial()).toArray(float[][]::new);
        Double accuracy;
        ActiveLearner.Batch batch;
        int labelledCount;
        try (ActiveLearner learner = learner(s, pool)) {
            learner.addLabels(existing.stream().mapToInt(LabelRow::poolId).toArray(),
                    existing.stream().mapToInt(LabelRow::label).toArray(),
                    existing.stream().map(LabelRow::adversarial).toArray(float[][]::new));
            learner.addLabels(newIds, newLabels, synthetic);
            accuracy = learner.testAccuracy();
            batch = learner.next(s.batchSize(), round + 1);
            labelledCount = learner.labelledCount();
        }
        long read = s.version();
        s.advance(round, new HistoryPoint(round, labelledCount, accuracy));
        try {
            tx.executeWithoutResult(status -> {
                // The versioned update is flushed first: it takes the row lock, so the label inserts never race,
                // and a labelling that committed since we read makes it fail (merge or update sees the new version).
                sessions.saveAndFlush(s);
                store.addLabels(id, newIds, newLabels, "human", round, synthetic);
                store.replacePending(id, batch.ids(), batch.synthetic());
            });
        } catch (OptimisticLockingFailureException lost) {
            throw staleSession(id, read);
        }
        List<Integer> next = new ArrayList<>();
        for (int v : batch.ids()) {
            next.add(v);
        }
        return new LabelsResult(id, labelledCount, round, accuracy, new NextBatch(id, round + 1, next, null));
    }

    /** 409 naming the version this labelling read and the one another labelling committed meanwhile. */
    private ApiException staleSession(UUID id, long read) {
        long now = sessions.currentVersion(id).orElseThrow(() -> ApiException.notFound("active-learning session", id));
        String message = "session is at version " + now + "; these labels were given for version " + read
                + ". Fetch the next batch and label again";
        return new ApiException(HttpStatus.CONFLICT, "Active-learning session '" + id + "' changed while labelling: "
                + message, List.of(new FieldError("version", message)));
    }
}
