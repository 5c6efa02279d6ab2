-- What the margin-alert rules remember per monitored subject ('sub:ID' cross sub-account, 'pos:ID' isolated
-- position), so a restarted desk neither re-alerts crossings it already alerted nor forgets a liquidation.
-- Ratios: null = not yet seen (NaN in io.perpguard.alerts.AlertState).
create table desk_alert_state (
    subject         varchar(64) primary key,
    fired_mask      bigint not null,
    liquidated      boolean not null,
    last_ratio      double precision,
    last_time_ms    bigint not null,
    window_start_ms bigint not null,
    window_low      double precision,
    fast_fired      boolean not null
);
