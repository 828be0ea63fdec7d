using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Backbones;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// How much each member of an ensemble counts: by how well it ranks labeled anomalies it has not seen. The
    /// training rows are split into <see cref="Folds"/> stratified folds; each member trains on two folds with
    /// <see cref="EpochShare"/> of its epochs and ranks the held-out fold's labeled anomalies among its unlabeled rows.
    /// A member's weight is <c>max(0, AUC - 0.5)^2</c>, normalised: no weight for a member that ranks them no better
    /// than chance, and soft rather than winner-takes-all, since a handful of held-out anomalies can favour the wrong
    /// member by chance.
    /// With fewer labeled anomalies (or unlabeled rows) than folds there is nothing to hold out: equal weights.
    /// </summary>
    internal static class MemberWeights
    {
        public const int Folds = 3;

        /// <summary>
        /// A quarter: the weights only need the members' order on held-out labels, and a shortened run gives it. The three
        /// folds then cost three quarters of a full training per network, not a whole one (a third, before): a fit
        /// 0.4-0.6 s shorter at 10k x 30, with the same test AUC on the benchmark's sets to within 0.005 per set
        /// (docs/how-it-works.md, "Weights from the labels").
        /// </summary>
        public const double EpochShare = 1.0 / 4;

        /// <summary>The weights of members whose held-out AUC-ROC is <paramref name="auc"/>: <c>max(0, AUC - 0.5)^2</c>,
        /// normalised to sum to 1 (equal weights when no member beats chance).</summary>
        public static double[] FromAuc(IReadOnlyList<double> auc)
        {
            double[] weights = auc.Select(a => Math.Pow(Math.Max(0, a - 0.5), 2)).ToArray();
            double total = weights.Sum();
            return total > 0 ? weights.Select(w => w / total).ToArray() : Enumerable.Repeat(1.0 / auc.Count, auc.Count).ToArray();
        }

        /// <summary>The jobs that measure each member on held-out labels, and the weights their results give.</summary>
        /// <param name="Jobs">One job per fold and member (fold-major): that member's AUC-ROC of the fold's held-out
        /// labeled anomalies against its held-out unlabeled rows.</param>
        /// <param name="Weights">The members' weights from the jobs' results, in the jobs' order.</param>
        internal sealed record HeldOut(IReadOnlyList<Func<double>> Jobs, Func<double[], double[]> Weights);

        /// <summary>The held-out jobs of <paramref name="plans"/> on <paramref name="data"/>; <see langword="null"/> when there
        /// is nothing to hold out (fewer labeled anomalies or unlabeled rows than folds): equal weights then.</summary>
        public static HeldOut? HeldOutJobs(TrainingSet data, FitSettings fit, IReadOnlyList<MemberPlan> plans, CancellationToken cancellation)
        {
            if (data.Anomalies.Count < Folds || data.Unlabeled.Count < Folds)
                return null;
            var folds = StratifiedFolds.Create(data.Anomalies.Count, data.Unlabeled.Count, Folds, new Random(fit.Seed), "label");
            var jobs = new List<Func<double>>();
            for (int k = 0; k < folds.Count; k++)
            {
                (TrainingSet train, TrainingSet heldOut) = folds.Split(data, k);
                bool[] isAnomaly = heldOut.IsAnomalyByRow();
                for (int m = 0; m < plans.Count; m++)
                {
                    MemberPlan plan = plans[m];
                    int seed = TrainingRun.MemberSeed(fit.Seed, m);
                    jobs.Add(() => HeldOutAuc(plan, train, heldOut, isAnomaly, fit, seed, cancellation));
                }
            }
            return new HeldOut(jobs, aucs => FromAuc(Enumerable.Range(0, plans.Count)
                .Select(m => Enumerable.Range(0, folds.Count).Sum(k => aucs[k * plans.Count + m]) / folds.Count).ToArray()));
        }

        private static double HeldOutAuc(MemberPlan plan, TrainingSet train, TrainingSet heldOut, bool[] isAnomaly, FitSettings fit, int seed,
            CancellationToken cancellation)
        {
            if (train.Anomalies.Count < plan.Member.MinimumLabeledAnomalies)
                return 0.5;
            MemberState member = plan.Member.Train(train, fit, plan.Loss, seed, EpochShare, TrainingReporter.Silent, cancellation);
            float[] scores = heldOut.ScoreAll(plan.Member.CreateScorer(member));
            return scores.All(float.IsFinite) ? AnomalyMetrics.AreaUnderRocCurve(scores, isAnomaly) : 0.5;
        }
    }
}
