package io.jenkins.plugins.amifactory.shape;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;

/** Shape of the plugin's global configuration (compiled by PluginShapeCompileTest only). */
@Symbol("amiFactoryShape")
@Extension
public class ShapeConfiguration extends GlobalConfiguration {
    private String defaultRegion;

    public ShapeConfiguration() {
        load();
    }

    public static ShapeConfiguration get() {
        return ExtensionList.lookupSingleton(ShapeConfiguration.class);
    }

    public String getDefaultRegion() {
        return defaultRegion;
    }

    @DataBoundSetter
    public void setDefaultRegion(String defaultRegion) {
        this.defaultRegion = Util.fixEmptyAndTrim(defaultRegion);
        save();
    }
}
