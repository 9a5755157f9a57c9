package io.jenkins.plugins.amifactory.simulator.ec2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator writes launch template data back under response names it derives from request names.
 * This walks the SDK's own model of both shapes, member by member and nested all the way down, so that
 * an SDK upgrade that adds or renames a member shows up here.
 */
class LaunchTemplateNamesTest {

    @Test
    void responseNamesAgreeWithTheSdkModelForEveryMember() {
        List<String> checked = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        walk(RequestLaunchTemplateData.builder().build().sdkFields(),
                ResponseLaunchTemplateData.builder().build().sdkFields(), "", checked, mismatches);

        assertThat(mismatches).isEmpty();
        // the walk really went deep: nested lists of structures and their members were compared
        assertThat(checked).contains("BlockDeviceMapping", "BlockDeviceMapping/Ebs/VolumeSize",
                "NetworkInterface/SecurityGroupId", "TagSpecification/Tag/Key", "MetadataOptions/HttpTokens");
        assertThat(checked).hasSizeGreaterThan(100);
    }

    private static void walk(List<SdkField<?>> request, List<SdkField<?>> response, String path,
                             List<String> checked, List<String> mismatches) {
        Map<String, SdkField<?>> responseByMember = response.stream()
                .collect(Collectors.toMap(SdkField::memberName, Function.identity()));
        String parent = path.isEmpty() ? "" : path.substring(path.lastIndexOf('/') + 1);
        for (SdkField<?> req : request) {
            String where = (path.isEmpty() ? "" : path + "/") + req.locationName();
            SdkField<?> resp = responseByMember.get(req.memberName());
            if (resp == null) {
                mismatches.add(where + ": the response shape has no member " + req.memberName());
                continue;
            }
            checked.add(where);
            if (req.marshallingType() == MarshallingType.LIST) {
                ListTrait reqList = req.getRequiredTrait(ListTrait.class);
                ListTrait respList = resp.getRequiredTrait(ListTrait.class);
                var expected = new LaunchTemplateData.ListNames(resp.unmarshallLocationName(),
                        respList.memberLocationName());
                var actual = LaunchTemplateData.listNames(parent, req.locationName());
                if (!expected.equals(actual)) {
                    mismatches.add(where + ": SDK reads " + expected + ", simulator writes " + actual);
                }
                SdkField<?> reqMember = reqList.memberFieldInfo();
                if (reqMember.marshallingType() == MarshallingType.SDK_POJO) {
                    walk(fields(reqMember), fields(respList.memberFieldInfo()), where, checked, mismatches);
                }
            } else {
                String actual = LaunchTemplateData.memberName(req.locationName());
                if (!resp.unmarshallLocationName().equals(actual)) {
                    mismatches.add(where + ": SDK reads " + resp.unmarshallLocationName() + ", simulator writes "
                            + actual);
                }
                if (req.marshallingType() == MarshallingType.SDK_POJO) {
                    walk(fields(req), fields(resp), where, checked, mismatches);
                }
            }
        }
    }

    private static List<SdkField<?>> fields(SdkField<?> structure) {
        return structure.constructor().get().sdkFields();
    }
}
