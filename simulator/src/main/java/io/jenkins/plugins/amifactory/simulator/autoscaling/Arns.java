package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.account.Account;

/**
 * Auto Scaling's ARNs in one region of the account, with a fresh UUID each, as AWS gives them:
 * {@code arn:aws:autoscaling:<region>:<account>:<type>:<uuid>:<nameKey>/<name>}.
 */
record Arns(Account account, String region) {

    String of(String type, String nameKey, String name) {
        return "arn:aws:autoscaling:" + region + ":" + account.id() + ":" + type + ":" + account.ids().uuid()
                + ":" + nameKey + "/" + name;
    }
}
