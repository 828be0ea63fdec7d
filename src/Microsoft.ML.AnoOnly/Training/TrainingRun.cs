using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Backbones;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// The training core on rows already loaded: checks the labels, trains each member the recipe asks for (a network
    /// through <see cref="TrainingLoop"/>), combines the members' scores, and sets the default threshold. Both
    /// <see cref="AnoOnlyTrainer.Fit(IDataView)"/> and the sweep's cross-validation train through here.
    /// </summary>
    internal static class TrainingRun
    {
        /// <param name="data">The training rows.</param>
        /// <param name="fit">The checked options with the fit's seed and device.</param>
        /// <param name="labelColumnName">The user's label column, for messages.</param>
        /// <param name="reporter">Receives each finished epoch and any note.</param>
        /// <param name="cancellation">Stops training between batches.</param>
        public static ModelState Train(TrainingSet data, FitSettings fit, string labelColumnName, TrainingReporter reporter,
            CancellationToken cancellation)
        {
            IModelRecipe recipe = fit.Recipe;
            CheckLabels(data, recipe, labelColumnName);
            IReadOnlyList<MemberPlan> plans = recipe.Members(data.Anomalies.Count, fit.Options.Loss);
            // The members and their held-out folds are independent jobs: one list, trained side by side.
            var jobs = new List<Func<object>>();
            for (int m = 0; m < plans.Count; m++)
            {
                MemberPlan plan = plans[m];
                int seed = MemberSeed(fit.Seed, m);
                TrainingReporter memberReporter = reporter.ForMember(m + 1, plans.Count);
                jobs.Add(() => plan.Member.Train(data, fit, plan.Loss, seed, epochShare: 1, memberReporter, cancellation));
            }
            MemberWeights.HeldOut? heldOut = plans.Count > 1 && recipe.WeighsMembersByLabels
                ? MemberWeights.HeldOutJobs(data, fit, plans, cancellation)
                : null;
            if (heldOut != null)
                jobs.AddRange(heldOut.Jobs.Select(job => (Func<object>)(() => job())));
            object[] done = SideBySide.Run(jobs, fit.NetworksSideBySide);

            MemberState[] members = done.Take(plans.Count).Cast<MemberState>().ToArray();
            if (plans.Count > 1)
            {
                double[] weights = heldOut?.Weights(done.Skip(plans.Count).Cast<double>().ToArray())
                    ?? Enumerable.Repeat(1.0 / plans.Count, plans.Count).ToArray();
                members = MemberCombination.Standardized(members, weights, data, fit.Seed);
            }
            var state = new ModelState(fit.Options.FeatureColumnName, data.FeatureCount, 0f, members, data.UnlabeledMean(),
                recipe.Id, fit.Options.Loss);
            float threshold = ThresholdRule.FromTrainingScores(new ModelScorer(state), data, fit.Options.Contamination);
            if (!float.IsFinite(threshold))
                throw new AnoOnlyTrainingException(
                    $"AnoOnly {recipe.Name} training produced non-finite scores on the training rows; lower the learning " +
                    "rate or scale the features.");
            return state.WithThreshold(threshold);
        }

        /// <summary>The seed of member <paramref name="member"/>: the fit's own for the first, so a single backbone trains
        /// exactly as it always has; distinct and fixed for the others.</summary>
        public static int MemberSeed(int seed, int member) => member == 0 ? seed : unchecked(seed * 7919 + member * 104_729);

        /// <summary>The trained TorchSharp network, before export (tests compare it with the managed scorer).</summary>
        public static IBackboneModel TrainNetwork(TrainingSet data, TrainingSettings settings, TrainingReporter reporter,
            CancellationToken cancellation)
        {
            var device = TorchRuntime.Resolve(settings.Device, settings.Options.NumberOfThreads ?? 1, reporter);
            var random = new Random(settings.Seed);
            IBackboneModel model = settings.Backbone.CreateModel(settings, data.FeatureCount, device, random);
            try
            {
                TrainingLoop.Run(model.Stages(new BatchSampler(data, device)), settings.Loss, random, reporter.Epoch,
                    DivergenceAdvice.For(settings, data), cancellation);
                return model;
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        private static void CheckLabels(TrainingSet data, IModelRecipe recipe, string label)
        {
            int minimum = recipe.MinimumLabeledAnomalies;
            if (data.RowsRead == 0)
                throw new AnoOnlyInputException("The training data has no rows.");
            if (data.Anomalies.Count < Math.Max(1, minimum))
                throw new AnoOnlyInputException(minimum <= 1
                    ? $"No row of the training data is labeled as an anomaly in column '{label}'. AnoOnly learns from a few " +
                      "known anomalies: mark them with true (Boolean label) or a value above 0 (Single label)."
                    : $"The training data has {data.Anomalies.Count} labeled anomalies in column '{label}'; {recipe.Name} " +
                      $"needs at least {minimum}.", label);
            if (data.Unlabeled.Count == 0 && data.ConfirmedNormals.Count == 0)
                throw new AnoOnlyInputException(
                    $"Every row of the training data is labeled as an anomaly in column '{label}'. AnoOnly also needs unlabeled " +
                    "(mostly normal) rows: label them false or 0.", label);
        }
    }
}
