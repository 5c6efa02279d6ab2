package io.perpguard.data.instrument;

import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OKX's USDT swaps trade in fractions of a contract. Golden values from OKX's notice "OKX to adjust the minimum order
 * quantities for several futures" (okx.com help centre, 2024-04-19, effective 2024-04-25 06:00-08:00 UTC): BTC/USDT
 * perpetual minimum order quantity and step size 1 contract (0.01 BTC) before, 0.1 contract (0.001 BTC) after; its
 * worked example, ETHUSDT perpetual of contract size 0.1 ETH: step 0.1 contract (0.01 ETH), minimum 1 contract
 * (0.1 ETH), "1.1 contracts" allowed — and the same notice's rule that a quantity is a whole number of steps, so 1.15
 * contracts is not. (The API names the two {@code lotSz} and {@code minSz}, in contracts; perpguard counts coins:
 * contracts × {@code ctVal}.)
 */
class OkxContractRulesTest {
    private final Contract btc = VenueInstruments.contracts(Exchange.OKX).get("BTC-USDT-SWAP");
    private final Contract eth = VenueInstruments.contracts(Exchange.OKX).get("ETH-USDT-SWAP");

    @Test
    void btcUsdtSwapTradesInTenthsOfAContract() {
        assertThat(btc.contractSize()).isEqualTo(0.01);          // ctVal 0.01 BTC
        assertThat(btc.stepSize()).isEqualTo(0.001);             // lotSz 0.1 contract
        assertThat(btc.minQty()).isEqualTo(0.001);               // minSz 0.1 contract
        btc.requireOrderQty("qty", 0.001);                       // 0.1 contract: the new minimum
        btc.requireOrderQty("qty", 0.013);                       // 1.3 contracts: not whole, allowed
        assertThatThrownBy(() -> btc.requireOrderQty("qty", 0.0015)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a multiple of the step size 0.001");
        assertThatThrownBy(() -> btc.requireOrderQty("qty", 0.0005)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("below the minimum order quantity 0.001");
        assertThat(btc.floorToStep(0.0137)).isEqualTo(0.013);
        // sized in contracts: OKX's lotSz is 0.1 contract, so 1.5 contracts (0.015 BTC) is a position; 1.55 is not
        assertThat(btc.lotContracts()).isEqualTo(0.1);
        assertThat(btc.quantity(null, 1.5, null, 60_000)).isEqualTo(0.015);
        assertThatThrownBy(() -> btc.quantity(null, 1.55, null, 60_000)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1.55 is not a multiple of 0.1 contracts");
    }

    @Test
    void anAccountFileHoldsTenthsOfAnOkxContract() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        String file = """
                {"exchange": "okx", "walletBalance": 1000, "positions": [
                  {"symbol": "BTC-USDT-SWAP", "side": "long", "contracts": %s, "entryPrice": 60000, "leverage": 10, "marginMode": "cross"}]}""";
        assertThat(io.perpguard.data.account.AccountFile.parse(m.readTree(file.formatted("2.3"))).positions().get(0).qty()).isEqualTo(0.023);
        assertThatThrownBy(() -> io.perpguard.data.account.AccountFile.parse(m.readTree(file.formatted("2.35"))))
                .hasMessageContaining("positions[0].contracts: 2.35 is not a multiple of 0.1 contracts");
    }

    @Test
    void aTradePlanInContractsHoldsTheSameLotsAsCalc() {
        // check's and replay's plan "contracts" were whole numbers from 1 only: 1.5 BTC-USDT-SWAP, a position calc and an
        // account file price (0.015 BTC), was refused as "not a whole number of contracts" (Contract.qtyOfPlanContracts)
        assertThat(btc.qtyOfPlanContracts("contracts", 1.5)).isEqualTo(0.015);
        assertThat(btc.qtyOfPlanContracts("contracts", 0.1)).isEqualTo(0.001);           // minSz 0.1 contract
        assertThat(eth.qtyOfPlanContracts("contracts", 2000.1)).isEqualTo(200.01);
        assertThatThrownBy(() -> btc.qtyOfPlanContracts("contracts", 1.55)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("contracts: 1.55 is not a multiple of 0.1 contracts");
        Contract coinm = VenueInstruments.contracts(Exchange.BINANCE_COINM).get("BTCUSD_PERP");
        assertThatThrownBy(() -> coinm.qtyOfPlanContracts("contracts", 2.5)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2.5 is not a whole number; BTCUSD_PERP trades whole contracts of 100 USD");
        assertThatThrownBy(() -> btc.qtyOfPlanContracts("contracts", 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("0 is outside the allowed range: more than 0 and at most 1,000,000,000 contracts");
    }

    @Test
    void venuesThatTradeWholeContractsStillRefuseAFraction() {
        Contract xt = VenueInstruments.contracts(Exchange.XT).get("BTC_USDT");
        assertThat(xt.lotContracts()).isEqualTo(1);
        assertThatThrownBy(() -> xt.quantity(null, 1.5, null, 60_000)).hasMessageContaining("1.5 is not a whole number");
        Contract inverse = VenueInstruments.contracts(Exchange.OKX).get("BTC-USD-SWAP");
        assertThatThrownBy(() -> inverse.quantity(null, 2.5, null, 60_000)).hasMessageContaining("trades whole contracts of 100 USD");
    }

    @Test
    void ethUsdtSwapStepsByATenthAboveOneContract() {
        assertThat(eth.contractSize()).isEqualTo(0.1);
        assertThat(eth.stepSize()).isEqualTo(0.01);
        assertThat(eth.minQty()).isEqualTo(0.1);
        eth.requireOrderQty("qty", 0.11);                        // "1.1 contracts"
        assertThatThrownBy(() -> eth.requireOrderQty("qty", 0.115)).isInstanceOf(InvalidInputException.class);   // 1.15 contracts
        assertThatThrownBy(() -> eth.requireOrderQty("qty", 0.05)).isInstanceOf(InvalidInputException.class)    // half a contract
                .hasMessageContaining("below the minimum");
    }
}
