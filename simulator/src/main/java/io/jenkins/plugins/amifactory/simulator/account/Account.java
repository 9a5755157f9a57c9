package io.jenkins.plugins.amifactory.simulator.account;

/**
 * What the regional EC2 and Auto Scaling worlds know of the account they belong to: its number, its
 * time, its id generator and its scenario. They take this rather than the whole world so that they see
 * nothing of the server, the other regions or each other beyond what they are handed. Guarded by the
 * world's lock, as the worlds are.
 *
 * @param id       the 12-digit account number, owner of the images, snapshots and ARNs the account creates
 * @param clock    the simulated time, on which delayed changes are scheduled
 * @param ids      the seeded generator of resource ids
 * @param scenario the scenario's knobs, read when a change is scheduled
 */
public record Account(String id, Timeline clock, Ids ids, Knobs scenario) {}
