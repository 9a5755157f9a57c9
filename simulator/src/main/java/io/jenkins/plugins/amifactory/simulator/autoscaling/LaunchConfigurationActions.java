package io.jenkins.plugins.amifactory.simulator.autoscaling;

import io.jenkins.plugins.amifactory.simulator.wire.AwsException;
import io.jenkins.plugins.amifactory.simulator.wire.QueryRequest;
import io.jenkins.plugins.amifactory.simulator.wire.Xml;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.oneOf;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.requiredString;
import static io.jenkins.plugins.amifactory.simulator.autoscaling.AutoScalingRequests.string;

/** CreateLaunchConfiguration, DescribeLaunchConfigurations, DeleteLaunchConfiguration. */
final class LaunchConfigurationActions {

    private static final int USER_DATA_MAX = 21847;

    private LaunchConfigurationActions() {
    }

    static void register(Map<String, AutoScalingProtocol.Action> actions) {
        actions.put("CreateLaunchConfiguration", LaunchConfigurationActions::createLaunchConfiguration);
        actions.put("DescribeLaunchConfigurations", LaunchConfigurationActions::describeLaunchConfigurations);
        actions.put("DeleteLaunchConfiguration", (asg, q) -> {
            asg.deleteLaunchConfiguration(requiredString(q, "LaunchConfigurationName", 255));
            return null;
        });
    }

    private static Consumer<Xml> createLaunchConfiguration(AutoScalingWorld asg, QueryRequest q) {
        String name = requiredString(q, "LaunchConfigurationName", 255);
        String userData = q.get("UserData");
        if (userData != null && userData.length() > USER_DATA_MAX) {
            throw new AwsException("ValidationError", "1 validation error detected: Value at 'userData' failed to "
                    + "satisfy constraint: Member must have length less than or equal to " + USER_DATA_MAX);
        }
        LaunchConfiguration requested = new LaunchConfiguration(name, null, null, string(q, "ImageId", 255),
                string(q, "InstanceType", 255), string(q, "KeyName", 255), q.list("SecurityGroups"), userData,
                string(q, "KernelId", 255), string(q, "RamdiskId", 255), AutoScalingRequests.blockDeviceMappings(q),
                q.bool("InstanceMonitoring.Enabled"), string(q, "SpotPrice", 255),
                string(q, "IamInstanceProfile", 1600),
                q.bool("EbsOptimized"), q.bool("AssociatePublicIpAddress"),
                oneOf(q, "PlacementTenancy", Set.of("default", "dedicated")), AutoScalingRequests.metadataOptions(q));
        asg.createLaunchConfiguration(requested, string(q, "InstanceId", 19));
        return null;
    }

    private static Consumer<Xml> describeLaunchConfigurations(AutoScalingWorld asg, QueryRequest q) {
        List<String> names = q.list("LaunchConfigurationNames");
        List<LaunchConfiguration> all = asg.launchConfigurations().stream()
                .filter(lc -> names.isEmpty() || names.contains(lc.name())).toList();
        Paging.Page<LaunchConfiguration> page = Paging.page(all, q, 50, 100);
        return x -> x.list("LaunchConfigurations", "member", page.items(), AutoScalingXml::launchConfiguration)
                .el("NextToken", page.nextToken());
    }
}
