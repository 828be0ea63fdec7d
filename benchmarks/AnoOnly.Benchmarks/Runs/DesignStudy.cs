using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.AnoOnly.Backbones;
using Microsoft.ML.AnoOnly.Backbones.DeepSad;
using Microsoft.ML.AnoOnly.Backbones.DevNet;
using Microsoft.ML.AnoOnly.Backbones.Ensemble;
using Microsoft.ML.AnoOnly.Backbones.Neighbors;
using Microsoft.ML.AnoOnly.Backbones.PReNet;
using Microsoft.ML.AnoOnly.Backbones.Trees;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using Microsoft.ML;
using Spectre.Console;

namespace AnoOnly.Benchmarks.Runs
{
    /// <summary>One design's cross-validated AUC-ROC on one set and seed (held-out training labels, never the test part).</summary>
    internal sealed record DesignResult(string Dataset, int Seed, string Design, double HeldOutAucRoc);

    /// <summary>
    /// How the default ensemble was chosen, reproducible: every candidate design is scored by cross-validation on the
    /// training part's own labels (3 stratified folds; a design trains on two, and ranks the third fold's labeled
    /// anomalies among its unlabeled rows), never on the test part. The candidates are each member alone, the default
    /// itself (<see cref="EnsembleRecipe"/> with its own inner weighting), and the default with one decision undone.
    /// Sets with fewer than 3 labeled anomalies cannot be cross-validated and are skipped.
    /// </summary>
    internal sealed class DesignStudy
    {
        private const int Folds = 3;

        private readonly IReadOnlyList<(string Name, string Path)> _datasets;
        private readonly IReadOnlyList<int> _seeds;

        public DesignStudy(IReadOnlyList<(string Name, string Path)> datasets, IReadOnlyList<int> seeds)
        {
            _datasets = datasets;
            _seeds = seeds;
        }

        public int TotalSteps => _datasets.Count * _seeds.Count;

        /// <summary>The designs compared: a name, the recipe, and the loss the options ask for.</summary>
        private static IEnumerable<(string Name, IModelRecipe Recipe)> Designs()
        {
            var devNet = BackboneRegistry.Network<DevNetBackbone>();
            var deepSad = BackboneRegistry.Network<DeepSadBackbone>();
            var preNet = BackboneRegistry.Network<PReNetBackbone>();
            var ensemble = new EnsembleRecipe();
            yield return ("Default (ensemble)", ensemble);
            yield return ("ensemble, equal weights", new Variant(ensemble, weighted: false, m => true));
            yield return ("ensemble without kNN", new Variant(ensemble, weighted: true, m => m.Member is not NeighborDistanceMember));
            yield return ("ensemble without boosted trees", new Variant(ensemble, weighted: true, m => m.Member is not BoostedTreesMember));
            yield return ("ensemble without PReNet", new Variant(ensemble, weighted: true, m => m.Member != preNet));
            yield return ("ensemble, DeepSAD with the AnoOnly loss", new Variant(ensemble, weighted: true, m => true,
                m => m.Member == deepSad ? m with { Loss = AnoOnlyLoss.AnomalyOnly } : m));
            foreach (BackboneDescriptor network in new BackboneDescriptor[] { devNet, deepSad, preNet })
            {
                yield return ($"{network.Name}-AnoOnly alone", new Single(new MemberPlan(network, AnoOnlyLoss.AnomalyOnly)));
                yield return ($"{network.Name}-Full alone", new Single(new MemberPlan(network, AnoOnlyLoss.Full)));
            }
            yield return ("kNN distance alone", new Single(new MemberPlan(NeighborDistanceMember.Instance, AnoOnlyLoss.AnomalyOnly)));
        }

        public List<DesignResult> Execute(ProgressTask progress, ICollection<string> notes)
        {
            var results = new List<DesignResult>();
            foreach ((string name, string path) in _datasets)
            {
                LabeledDataset data = LabeledDataset.LoadCsv(new MLContext(seed: 0), path);
                foreach (int seed in _seeds)
                {
                    progress.Description = Markup.Escape($"design study: {name} x seed {seed}");
                    ProtocolSplit split = ProtocolSplit.Prepare(new MLContext(seed: seed), data, seed);
                    TrainingSet rows = TrainingRows(split);
                    if (rows.Anomalies.Count < Folds)
                    {
                        notes.Add($"design study: {name} seed {seed} skipped ({rows.Anomalies.Count} labeled anomalies, fewer than {Folds} folds)");
                        progress.Increment(1);
                        continue;
                    }
                    var folds = StratifiedFolds.Create(rows.Anomalies.Count, rows.Unlabeled.Count, Folds, new Random(seed), "label");
                    foreach ((string design, IModelRecipe recipe) in Designs())
                    {
                        double auc = 0;
                        for (int k = 0; k < folds.Count; k++)
                        {
                            (TrainingSet train, TrainingSet heldOut) = folds.Split(rows, k);
                            var fit = FitSettings.Resolve(new AnoOnlyTrainer.Options(), seed) with { Recipe = recipe };
                            ModelState state = TrainingRun.Train(train, fit, "label", TrainingReporter.Silent, CancellationToken.None);
                            auc += AnomalyMetrics.AreaUnderRocCurve(heldOut.ScoreAll(new ModelScorer(state)), heldOut.IsAnomalyByRow());
                        }
                        results.Add(new DesignResult(name, seed, design, auc / folds.Count));
                    }
                    progress.Increment(1);
                }
            }
            return results;
        }

        private static TrainingSet TrainingRows(ProtocolSplit split)
        {
            var anomalies = new RowBuffer(split.FeatureCount);
            var unlabeled = new RowBuffer(split.FeatureCount);
            float[][] rows = split.TrainFeatures;
            for (int i = 0; i < rows.Length; i++)
                (split.Split.TrainLabels[i] ? anomalies : unlabeled).Add(rows[i]);
            return TrainingSet.FromRows(anomalies, unlabeled);
        }

        /// <summary>One member alone, as the options would train it.</summary>
        private sealed class Single : IModelRecipe
        {
            private readonly MemberPlan _plan;

            public Single(MemberPlan plan) => _plan = plan;

            public AnoOnlyBackbone Id => _plan.Member.Id;
            public string Name => _plan.Member.Name;
            public string Summary => "";
            public int MinimumLabeledAnomalies => _plan.Member.MinimumLabeledAnomalies;
            public bool WeighsMembersByLabels => false;
            public IReadOnlyList<MemberPlan> Members(int labeledAnomalies, AnoOnlyLoss loss) => new[] { _plan };
        }

        /// <summary>The ensemble with one decision undone: some members left out or changed, or equal weights.</summary>
        private sealed class Variant : IModelRecipe
        {
            private readonly IModelRecipe _ensemble;
            private readonly Func<MemberPlan, bool> _keep;
            private readonly Func<MemberPlan, MemberPlan> _change;

            public Variant(IModelRecipe ensemble, bool weighted, Func<MemberPlan, bool> keep, Func<MemberPlan, MemberPlan>? change = null)
            {
                _ensemble = ensemble;
                WeighsMembersByLabels = weighted;
                _keep = keep;
                _change = change ?? (m => m);
            }

            public AnoOnlyBackbone Id => _ensemble.Id;
            public string Name => _ensemble.Name;
            public string Summary => "";
            public int MinimumLabeledAnomalies => _ensemble.MinimumLabeledAnomalies;
            public bool WeighsMembersByLabels { get; }

            public IReadOnlyList<MemberPlan> Members(int labeledAnomalies, AnoOnlyLoss loss)
                => _ensemble.Members(labeledAnomalies, loss).Where(_keep).Select(_change).ToArray();
        }
    }
}
