using System;
using System.Collections.Generic;
using System.Linq;
using AnoOnly.Benchmarks.Data;
using Microsoft.ML;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.Data;
using Spectre.Console;

namespace AnoOnly.Benchmarks.Runs
{
    /// <summary>
    /// The loop mode: an analyst in the loop, simulated by an oracle that knows the true labels. Per set and seed the
    /// protocol split's train part (70 %, min-max fitted on it) is the pool, of whose anomalies 5 % (at least one) are
    /// labeled at the start; the test part (30 %) is held out. Each round the model picks
    /// <see cref="ReviewsPerRound"/> unreviewed rows by a strategy (<see cref="AnomalyDetectionCatalog"/>'s
    /// <c>SelectRowsToReview</c>), the oracle reviews them, anomalies become labels and, for strategies with confirmed
    /// normals, the other rows confirmed normals; then the trainer (its defaults, the seed aside) is refitted and the
    /// held-out AUC-ROC measured.
    /// </summary>
    internal sealed class ActiveLearningRun
    {
        public const int Rounds = 8;
        public const int ReviewsPerRound = 20;
        public const double StartLabeledFraction = 0.05;
        private const int QuickEpochs = 5, QuickBatches = 5;

        private readonly IReadOnlyList<(string Name, string Path)> _datasets;
        private readonly IReadOnlyList<int> _seeds;
        private readonly IReadOnlyList<LoopStrategy> _strategies;
        private readonly bool _quick;

        public ActiveLearningRun(IReadOnlyList<(string Name, string Path)> datasets, IReadOnlyList<int> seeds,
            IReadOnlyList<LoopStrategy> strategies, bool quick)
        {
            _datasets = datasets;
            _seeds = seeds;
            _strategies = strategies;
            _quick = quick;
        }

        /// <summary>Fits of the run: the start, then one per round and strategy, per set and seed.</summary>
        public int TotalFits => _datasets.Count * _seeds.Count * (1 + Rounds * _strategies.Count);

        public List<LoopResult> Execute(ProgressTask progress, ICollection<string> notes)
        {
            var results = new List<LoopResult>();
            foreach ((string name, string path) in _datasets)
            {
                var ml = new MLContext(seed: 0);
                progress.Description = $"[grey]loading[/] {Markup.Escape(name)}";
                LabeledDataset data = LabeledDataset.LoadCsv(ml, path);
                foreach (int seed in _seeds)
                {
                    try
                    {
                        results.AddRange(RunSplit(name, data, seed, progress));
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        notes.Add($"loop {name} seed {seed} failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
                        progress.Increment(1 + Rounds * _strategies.Count);
                    }
                }
            }
            return results;
        }

        private List<LoopResult> RunSplit(string dataset, LabeledDataset data, int seed, ProgressTask progress)
        {
            var ml = new MLContext(seed: seed);
            ProtocolSplit split = ProtocolSplit.Prepare(ml, data, seed, labeledFraction: StartLabeledFraction);
            var pool = new PoolRows(ml, split.TrainFeatures);
            bool[] truth = split.Split.Train.IsAnomaly;
            bool[] startLabels = split.Split.TrainLabels;
            int anomalies = truth.Count(a => a);
            var noConfirmed = new bool[pool.Count];

            progress.Description = Markup.Escape($"loop {dataset} x seed {seed} x start");
            // No confirmed normals yet: the start is the same fit for every strategy.
            ITransformer start = Fit(ml, pool.Training(startLabels, noConfirmed), seed, confirmedNormals: false);
            double startAuc = HeldOutAuc(start, split);
            progress.Increment(1);

            var results = new List<LoopResult>();
            foreach (LoopStrategy strategy in _strategies)
            {
                bool[] labels = (bool[])startLabels.Clone();
                bool[] reviewed = (bool[])startLabels.Clone();
                var confirmed = new bool[pool.Count];
                int found = 0;
                results.Add(new LoopResult(dataset, seed, strategy.Name, 0, 0, 0, (double)labels.Count(l => l) / anomalies, startAuc));
                ITransformer model = start;
                for (int round = 1; round <= Rounds; round++)
                {
                    progress.Description = Markup.Escape($"loop {dataset} x seed {seed} x {strategy.Name} x round {round}");
                    int[] unreviewed = Enumerable.Range(0, pool.Count).Where(i => !reviewed[i]).ToArray();
                    int[] picks = ml.AnomalyDetection.SelectRowsToReview(model, pool.Rows(unreviewed), ReviewsPerRound, strategy.Strategy,
                        seed: seed * 1000 + round);
                    foreach (int row in picks.Select(p => unreviewed[p]))
                    {
                        reviewed[row] = true;
                        if (truth[row])
                        {
                            labels[row] = true;
                            found++;
                        }
                        else
                        {
                            confirmed[row] = strategy.ConfirmedNormals;
                        }
                    }
                    model = Fit(ml, pool.Training(labels, confirmed), seed, strategy.ConfirmedNormals);
                    results.Add(new LoopResult(dataset, seed, strategy.Name, round, round * ReviewsPerRound, found,
                        (double)labels.Count(l => l) / anomalies, HeldOutAuc(model, split)));
                    progress.Increment(1);
                }
            }
            return results;
        }

        /// <summary>The trainer with its defaults: only the seed, the confirmed-normal column and, in a quick run, the
        /// training budget are set.</summary>
        private ITransformer Fit(MLContext ml, IDataView pool, int seed, bool confirmedNormals)
            => ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options
            {
                Seed = seed,
                ConfirmedNormalColumnName = confirmedNormals ? PoolRows.ConfirmedNormalColumnName : null,
                NumberOfEpochs = _quick ? QuickEpochs : null,
                BatchesPerEpoch = _quick ? QuickBatches : null,
            }).Fit(pool);

        private static double HeldOutAuc(ITransformer model, ProtocolSplit split)
            => AnomalyMetrics.AreaUnderRocCurve(model.Transform(split.Test).GetColumn<float>("Score").ToArray(), split.TestIsAnomaly);
    }
}
