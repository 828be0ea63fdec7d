using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;

namespace Microsoft.ML.AnoOnly.Backbones.Trees
{
    /// <summary>
    /// The ensemble's supervised tree member: boosted depth-two trees (<see cref="TreeBooster"/>) separating the labeled
    /// anomalies from the other rows. Where anomalies are defined by thresholds on a few columns (a laboratory value out of
    /// range, a count above a limit), trees on the labels find those thresholds from few examples, which the networks,
    /// fitting smooth functions of all columns, approach only slowly; on the same few labels ML.NET's FastTree and
    /// LightGBM are the strongest rivals there. The ensemble weighs it by how well it ranks held-out labeled anomalies,
    /// like every member, so it counts where it generalises and fades where it only memorises. Not a backbone: the
    /// options cannot select it alone.
    /// </summary>
    internal sealed class BoostedTreesMember : MemberDescriptor
    {
        /// <summary>Stored in saved models; outside the range of the public backbone values.</summary>
        public const AnoOnlyBackbone Value = (AnoOnlyBackbone)65;

        /// <summary>The most rows that are not anomalies a fit uses (a fixed sample of them when there are more): the
        /// boundary around a handful of anomalies is drawn as well from a few thousand normal rows as from all.</summary>
        public const int NormalRows = 4096;

        public const string Trees = "trees";

        public static readonly BoostedTreesMember Instance = new();

        public override AnoOnlyBackbone Id => Value;
        public override string Name => "Boosted trees";

        /// <summary>A split learned from fewer labeled anomalies describes those rows rather than a region; and the
        /// ensemble's held-out folds must still leave this many to train on for the member to be weighed.</summary>
        public override int MinimumLabeledAnomalies => 5;

        /// <summary>Trains on every labeled anomaly and up to <see cref="NormalRows"/> others, drawn from the member's seed
        /// (<see cref="TrainingSet.SampleNormalRows"/>: confirmed normals first, up to half). <paramref name="epochShare"/> does not apply:
        /// boosting costs little next to the networks, and the weighing folds train it in full.</summary>
        public override MemberState Train(TrainingSet data, FitSettings fit, AnoOnlyLoss loss, int seed, double epochShare,
            TrainingReporter reporter, CancellationToken cancellation)
        {
            int anomalies = data.Anomalies.Count, width = data.FeatureCount, count = anomalies + data.NormalSampleSize(NormalRows);
            var rows = new float[(long)count * width];
            data.Anomalies.Values.CopyTo(rows);
            data.SampleNormalRows(NormalRows, new Random(seed), rows.AsSpan(anomalies * width));
            var isAnomaly = new bool[count];
            isAnomaly.AsSpan(0, anomalies).Fill(true);
            float[] trees = TreeBooster.Fit(rows, isAnomaly, width, cancellation);
            var tensors = new Dictionary<string, StoredTensor>
            {
                [Trees] = new(new[] { trees.Length / DepthTwoTree.Width, DepthTwoTree.Width }, trees),
            };
            return new MemberState(Value, loss, width, ScoreCombination.Identity, tensors);
        }

        public override IAnomalyScorer CreateScorer(MemberState member) => new BoostedTreesScorer(member);
    }
}
