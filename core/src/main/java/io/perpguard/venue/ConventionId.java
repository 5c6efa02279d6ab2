package io.perpguard.venue;

/**
 * The stable id of a {@link MarginConvention}: one venue × one contract type. Front ends key their words by it
 * ({@code app/explain/VenueText}); core keeps no name or sentence for a convention.
 */
public enum ConventionId {
    BINANCE_USDM(Exchange.BINANCE, ContractType.LINEAR),
    BINANCE_COINM(Exchange.BINANCE_COINM, ContractType.INVERSE),
    BYBIT_LINEAR(Exchange.BYBIT, ContractType.LINEAR),
    BYBIT_INVERSE(Exchange.BYBIT, ContractType.INVERSE),
    BYBIT_UTA_LINEAR(Exchange.BYBIT_UTA, ContractType.LINEAR),
    BYBIT_UTA_INVERSE(Exchange.BYBIT_UTA, ContractType.INVERSE),
    OKX_LINEAR(Exchange.OKX, ContractType.LINEAR),
    OKX_INVERSE(Exchange.OKX, ContractType.INVERSE),
    XT_LINEAR(Exchange.XT, ContractType.LINEAR),
    XT_INVERSE(Exchange.XT, ContractType.INVERSE);

    private final Exchange exchange;
    private final ContractType type;

    ConventionId(Exchange exchange, ContractType type) {
        this.exchange = exchange;
        this.type = type;
    }

    public Exchange exchange() {
        return exchange;
    }

    public ContractType contractType() {
        return type;
    }
}
