package io.jenkins.plugins.amifactory.engine;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link Fleet} did: its verdict, and per target what that target's rollout did (null for a target whose
 * wave never started), the Image's copies by region, and what became of them.
 *
 * @param message why it did not succeed, then where each target is; null on success
 * @param results each target's result in target order; null where its wave never started
 * @param copies  region to the Image's copy there
 * @param ledger  the copies and their snapshots, with their fates (each target's own ledger is in its result)
 * @param plans   for a plan: each target's lines, in target order
 * @param ownCalls the AWS calls the fleet made itself (its checks, the copies), by action
 */
public record FleetResult(String fleetId, RolloutStatus status, String message, List<Target> targets,
                          List<RolloutResult> results, Map<String, String> copies, List<LedgerEntry> ledger,
                          List<List<String>> plans, Map<String, Integer> ownCalls) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public FleetResult {
        targets = List.copyOf(targets);
        results = Collections.unmodifiableList(new ArrayList<>(results));
        copies = Collections.unmodifiableMap(new TreeMap<>(copies));
        ledger = List.copyOf(ledger);
        plans = plans.stream().map(List::copyOf).toList();
        ownCalls = Collections.unmodifiableMap(new TreeMap<>(ownCalls));
    }

    /** Every AWS call of the fleet, by action: its own and each target rollout's. */
    public Map<String, Integer> apiCalls() {
        Map<String, Integer> all = new TreeMap<>(ownCalls);
        results.stream().filter(java.util.Objects::nonNull)
                .forEach(r -> r.apiCalls().forEach((action, n) -> all.merge(action, n, Integer::sum)));
        return all;
    }

    public boolean succeeded() {
        return status.isSuccess();
    }

    /**
     * The result as a map: the first target's rollout as a lone rollout reports it (so what reads one result reads
     * this one), with the fleet's status and message, then every target's own map under {@code targets} (a target
     * whose wave never started has only its name, region and status {@code NOT_STARTED}) and the copies by region.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = results.get(0) != null ? results.get(0).toMap() : new java.util.LinkedHashMap<>();
        m.put("status", status.name());
        if (message != null) {
            m.put("message", message);
        } else {
            m.remove("message");
        }
        m.put("fleetId", fleetId);
        m.put("apiCalls", new java.util.LinkedHashMap<>(apiCalls()));
        List<Map<String, Object>> each = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            RolloutResult r = results.get(i);
            Map<String, Object> t = new java.util.LinkedHashMap<>();
            t.put("target", targets.get(i).toString());
            t.put("region", targets.get(i).region());
            if (r == null) {
                t.put("asg", targets.get(i).asg());
                t.put("status", "NOT_STARTED");
            } else {
                t.putAll(r.toMap());
            }
            if (i < plans.size() && r == null && !plans.get(i).isEmpty()) {
                t.put("plan", plans.get(i));
            }
            each.add(t);
        }
        m.put("targets", each);
        m.put("copies", new java.util.LinkedHashMap<>(copies));
        m.put("copyLedger", ledger.stream().map(e -> {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("kind", e.kind());
            row.put("id", e.id());
            row.put("fate", e.fate());
            return row;
        }).toList());
        return m;
    }

    /** The Image every target was given: the first target's. */
    public String imageId() {
        return results.isEmpty() || results.get(0) == null ? null : results.get(0).imageId();
    }
}
