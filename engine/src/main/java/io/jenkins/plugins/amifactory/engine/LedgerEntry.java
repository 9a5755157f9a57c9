package io.jenkins.plugins.amifactory.engine;

import java.io.Serial;
import java.io.Serializable;

/**
 * One AWS resource a rollout created or changed, and what became of it. The ledger is how a rollout
 * leaves no orphans: every entry is either still in use, deliberately kept, or removed.
 *
 * @param kind what it is ({@code image}, {@code snapshot}, {@code launch configuration},
 *             {@code launch template version}, {@code instance refresh}, {@code standby})
 * @param id   its AWS id or name ({@code lt-…:7} for a template version)
 * @param fate what became of it: {@code created}, {@code in use}, {@code kept}, {@code deleted},
 *             {@code deregistered}, {@code cancelled}, {@code rolled back}, {@code returned}, …
 */
public record LedgerEntry(String kind, String id, String fate) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public LedgerEntry withFate(String newFate) {
        return new LedgerEntry(kind, id, newFate);
    }

    @Override
    public String toString() {
        return kind + " " + id + ": " + fate;
    }
}
