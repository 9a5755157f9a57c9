package io.jenkins.plugins.amifactory.engine;

import org.junit.jupiter.api.AfterEach;

/** Base of the scenario tests: each test opens one {@link Shop}, closed after it. */
abstract class ShopTest {

    protected Shop shop;

    @AfterEach
    void closeShop() {
        if (shop != null) {
            shop.close();
        }
    }
}
