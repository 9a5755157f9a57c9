package io.jenkins.plugins.amifactory.cli;

import io.jenkins.plugins.amifactory.engine.AwsClients;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The clients a command made, passing each call to whichever real clients the test chose at that moment: so
 * a test can take the network away, or the credentials, for some steps of a rollout that holds its clients
 * from start to end, as happens to a process in the field.
 */
final class SwitchableClients implements AutoCloseable {

    private volatile AwsClients target;
    private final List<AwsClients> made = new ArrayList<>();

    /** From now on, calls go to {@code clients} (closed with this). */
    synchronized void use(AwsClients clients) {
        if (!made.contains(clients)) {
            made.add(clients);
        }
        target = clients;
    }

    /** What the command gets: clients that follow {@link #use}. */
    AwsClients facade() {
        return new AwsClients(follow(Ec2Client.class, () -> target.ec2()),
                follow(AutoScalingClient.class, () -> target.autoScaling()));
    }

    private static <T> T follow(Class<T> type, Supplier<T> current) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (method.getName().equals("close")) {
                return null; // the real clients are closed with this, not by the command
            }
            try {
                return method.invoke(current.get(), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return type.cast(proxy);
    }

    @Override
    public synchronized void close() {
        made.forEach(AwsClients::close);
    }
}
