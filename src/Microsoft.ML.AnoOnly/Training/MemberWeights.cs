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
    /// training rows are split into <see cref="Folds"/> stratified folds; each member trains on two folds with a
    /// third of its epochs (a shortened run ranks members as the full one does, at a third of the cost) and ranks
    /// the held-out fold's labeled anomalies among its unlabeled rows. A member's weight is
    /// <c>max(0, AUC - 0.5)^2</c>, normalised: no weight for a member that ranks them no better than chance, and soft
    /// rather than winner-takes-all, since a handful of held-out anomalies can favour the wrong member by chance.
    /// With fewer labeled anomalies (or unlabeled rows) than folds there is nothing to hold out: equal weights.
    /// </summary>
    internal static class MemberWeights
    {
        public const int Folds = 3;
        public const double EpochShare = 1.0 / 3;

        public static double[] FromHeldOutLabels(TrainingSet data, FitSettings fit, IReadOnlyList<MemberPlan> plans, CancellationToken cancellation)
        {
            if (data.Anomalies.Count < Folds || data.Unlabeled.Count < Folds)
                return Enumerable.Repeat(1.0 / plans.Count, plans.Count).ToArray();
            return FromAuc(HeldOutAuc(data, fit, plans, cancellation));
        }

        /// <summary>The weights of members whose held-out AUC-ROC is <paramref name="auc"/>: <c>max(0, AUC - 0.5)^2</c>,
        /// normalised to sum to 1 (equal weights when no member beats chance).</summary>
        public static double[] FromAuc(IReadOnlyList<double> auc)
        {
            double[] weights = auc.Select(a => Math.Pow(Math.Max(0, a - 0.5), 2)).ToArray();
            double total = weights.Sum();
            return total > 0 ? weights.Select(w => w / total).ToArray() : Enumerable.Repeat(1.0 / auc.Count, auc.Count).ToArray();
        }

        /// <summary>Each member's AUC-ROC of held-out labeled anomalies against held-out unlabeled rows, averaged over folds.</summary>
        public static double[] HeldOutAuc(TrainingSet data, FitSettings fit, IReadOnlyList<MemberPlan> plans, CancellationToken cancellation)
        {
            var folds = StratifiedFolds.Create(data.Anomalies.Count, data.Unlabeled.Count, Folds, new Random(fit.Seed), "label");
            var auc = new double[plans.Count];
            for (int k = 0; k < folds.Count; k++)
            {
                (TrainingSet train, TrainingSet heldOut) = folds.Split(data, k);
                bool[] isAnomaly = heldOut.IsAnomalyByRow();
                for (int m = 0; m < plans.Count; m++)
                {
                    if (train.Anomalies.Count < plans[m].Member.MinimumLabeledAnomalies)
                    {
                        auc[m] += 0.5;
                        continue;
                    }
                    MemberState member = plans[m].Member.Train(train, fit, plans[m].Loss, TrainingRun.MemberSeed(fit.Seed, m), EpochShare,
                        TrainingReporter.Silent, cancellation);
                    IAnomalyScorer scorer = plans[m].Member.CreateScorer(member);
                    float[] scores = heldOut.ScoreAll(scorer);
                    auc[m] += scores.All(float.IsFinite) ? AnomalyMetrics.AreaUnderRocCurve(scores, isAnomaly) : 0.5;
                }
            }
            return auc.Select(a => a / folds.Count).ToArray();
        }
    }
}
