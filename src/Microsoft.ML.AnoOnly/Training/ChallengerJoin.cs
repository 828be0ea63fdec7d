using System.Linq;
using Microsoft.ML.AnoOnly.Backbones;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// What a sweep returns when a configuration beat the default clearly, on its folds and again on fresh ones: the
    /// default and that configuration together, each with an equal say, not the configuration alone. Cross-validation on
    /// a handful of labeled anomalies measures how well a configuration ranks anomalies like those labeled; a single
    /// network that fits them can win every fold and still miss the anomalies the labels do not describe, which the
    /// default's unsupervised member and its weighing keep. Joined, the model keeps part of the gain the folds showed
    /// and at most part of a loss they could not show. Both totals are put on one scale first (centred on their median
    /// over the training's normal rows, divided by the interquartile range), so an equal say is an equal spread. The
    /// joined model is a weighted sum of the members of both, so it saves, loads, explains and exports as any ensemble.
    /// </summary>
    internal static class ChallengerJoin
    {
        /// <summary>Each model's share of the joined score.</summary>
        public const float Share = 0.5f;

        public static ModelState Join(ModelState byDefault, ModelState challenger, TrainingSet data, int seed, double contamination)
        {
            (float[] rows, int count) = MemberCombination.NormalSample(data, seed);
            MemberState[] members = Rescaled(byDefault, rows, count).Concat(Rescaled(challenger, rows, count)).ToArray();
            var joined = new ModelState(byDefault.FeatureColumnName, byDefault.FeatureCount, 0f, members, byDefault.NormalReference,
                AnoOnlyBackbone.Ensemble, byDefault.Loss);
            return joined.WithThreshold(ThresholdRule.FromTrainingScores(new ModelScorer(joined), data, contamination));
        }

        /// <summary>The members of <paramref name="model"/>, their weights scaled so that the model's total has an
        /// interquartile range of <see cref="Share"/> on the sample.</summary>
        private static MemberState[] Rescaled(ModelState model, float[] rows, int count)
        {
            var scores = new float[count];
            new ModelScorer(model).ScoreBlock(rows, count, scores);
            float factor = Share / MemberCombination.RobustScale(scores).Scale;
            return model.Members.Select(m => m.WithCombination(m.Combination.IsIdentity
                ? new ScoreCombination(factor, 0f, 1f)
                : m.Combination with { Weight = m.Combination.Weight * factor })).ToArray();
        }
    }
}
