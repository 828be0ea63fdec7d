using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// The one training loop of every backbone: for each stage, epochs of sampled batches, the loss reduced by
    /// <see cref="LossPolicy"/>, a check that it stays finite and does not explode, a typed progress report per
    /// epoch, cancellation between batches, and the weights of the best (or last) epoch restored at the end.
    /// </summary>
    internal static class TrainingLoop
    {
        /// <summary>
        /// A batch loss this many times larger in magnitude than the stage's first one (or than 1, when the
        /// first is smaller) counts as an explosion: losses of a converging run shrink, and a run whose loss
        /// grew a million-fold only reaches infinity or NaN a few batches later.
        /// </summary>
        internal const double ExplosionFactor = 1e6;

        /// <param name="stages">The backbone's stages, run in order.</param>
        /// <param name="loss">Which samples the loss is averaged over (<see cref="LossPolicy"/>).</param>
        /// <param name="random">Batch sampling.</param>
        /// <param name="report">Receives each finished epoch.</param>
        /// <param name="likelyCause">Appended to the message of a divergence (see <see cref="DivergenceAdvice"/>).</param>
        /// <param name="cancellation">Checked before every batch.</param>
        public static void Run(IReadOnlyList<TrainingStage> stages, AnoOnlyLoss loss, Random random, Action<AnoOnlyTrainingProgress> report,
            string likelyCause, CancellationToken cancellation)
        {
            var clock = Stopwatch.StartNew();
            for (int s = 0; s < stages.Count; s++)
            {
                TrainingStage stage = stages[s];
                RunStage(stage, loss, random, likelyCause, (epoch, mean) => report(new AnoOnlyTrainingProgress(
                    stage.Name, s + 1, stages.Count, epoch, stage.Epochs, stage.BatchesPerEpoch, mean, clock.Elapsed)), cancellation);
            }
        }

        private static void RunStage(TrainingStage stage, AnoOnlyLoss loss, Random random, string likelyCause,
            Action<int, double> epochDone, CancellationToken cancellation)
        {
            using (GcPause.Enter())
                stage.Prepare?.Invoke();
            stage.Network.train();
            // Listed once: Module.zero_grad walks the modules anew for every batch (a set of handles per module, a name
            // and a gradient wrapper per parameter, all allocated in the no-GC region); dropping a gradient is one call.
            TorchSharp.Modules.Parameter[] parameters = stage.Network.parameters().ToArray();
            optim.Optimizer optimizer = stage.CreateOptimizer();
            optim.lr_scheduler.LRScheduler? scheduler = stage.CreateScheduler?.Invoke(optimizer);
            double bestLoss = double.PositiveInfinity;
            double firstLoss = double.NaN;
            Dictionary<string, Tensor>? bestWeights = null;
            try
            {
                for (int epoch = 1; epoch <= stage.Epochs; epoch++)
                {
                    double sum = 0;
                    using (GcPause.Enter())
                    {
                        for (int batch = 1; batch <= stage.BatchesPerEpoch; batch++)
                        {
                            cancellation.ThrowIfCancellationRequested();
                            using DisposeScope scope = NewDisposeScope();
                            // Drop every gradient; backward then writes fresh ones, with the same values.
                            foreach (TorchSharp.Modules.Parameter parameter in parameters)
                                parameter.grad = null;
                            Tensor batchLoss = LossPolicy.Reduce(stage.BatchLoss(random), loss);
                            double value = batchLoss.item<float>();
                            if (!double.IsFinite(value))
                                throw Diverged(stage, epoch, $"the loss of batch {batch} is {value}", likelyCause);
                            if (double.IsNaN(firstLoss))
                                firstLoss = value;
                            else if (Math.Abs(value) > ExplosionFactor * Math.Max(1, Math.Abs(firstLoss)))
                                throw Diverged(stage, epoch, $"the loss exploded to {value:G3} in batch {batch} (the first batch's was {firstLoss:G3})",
                                    likelyCause);
                            batchLoss.backward();
                            optimizer.step();
                            sum += value;
                        }
                        scheduler?.step();
                        if (!ParametersFinite(stage.Network))
                            throw Diverged(stage, epoch, "the weights became infinite or NaN", likelyCause);
                    }
                    double mean = sum / stage.BatchesPerEpoch;
                    if (stage.KeepBestEpoch && mean < bestLoss)
                    {
                        bestLoss = mean;
                        Dispose(bestWeights);
                        bestWeights = Snapshot(stage.Network);
                    }
                    epochDone(epoch, mean);
                }
                if (bestWeights != null)
                    Restore(stage.Network, bestWeights);
            }
            finally
            {
                Dispose(bestWeights);
                optimizer.Dispose();
            }
            stage.Network.eval();
        }

        private static AnoOnlyTrainingException Diverged(TrainingStage stage, int epoch, string what, string likelyCause)
            => new($"AnoOnly {stage.Name} training diverged in epoch {epoch}: {what}. {likelyCause}", epoch);

        private static bool ParametersFinite(nn.Module network)
        {
            using DisposeScope scope = NewDisposeScope();
            return network.parameters().All(p => p.isfinite().all().item<bool>());
        }

        /// <summary>The whole state: parameters and buffers (BatchNorm's running statistics among them).</summary>
        private static Dictionary<string, Tensor> Snapshot(nn.Module network)
        {
            using var _ = no_grad();
            // The scope frees the intermediate detach() handles; only the clones leave it.
            using DisposeScope scope = NewDisposeScope();
            return network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
        }

        private static void Restore(nn.Module network, Dictionary<string, Tensor> weights)
        {
            using var _ = no_grad();
            foreach (KeyValuePair<string, Tensor> entry in network.state_dict())
                entry.Value.copy_(weights[entry.Key]);
        }

        private static void Dispose(Dictionary<string, Tensor>? weights)
        {
            if (weights == null)
                return;
            foreach (Tensor tensor in weights.Values)
                tensor.Dispose();
        }
    }
}
