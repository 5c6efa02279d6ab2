/**
 * Fast paths of the margin engine over primitive arrays, each tested against the reference engine in
 * {@code io.perpguard.margin}: branch-free tier lookup ({@link io.perpguard.margin.fast.TierTable}), the parallel
 * full sweep ({@link io.perpguard.margin.fast.Sweep}), the per-account evaluation without BigDecimal or streams
 * ({@link io.perpguard.margin.fast.AccountKernel}) and the tick index that finds the positions a mark tick crosses
 * by a range search ({@link io.perpguard.margin.fast.TriggerIndex}).
 */
package io.perpguard.margin.fast;
