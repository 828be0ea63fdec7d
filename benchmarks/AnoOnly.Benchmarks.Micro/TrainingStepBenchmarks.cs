using System;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.AnoOnly.Backbones.DevNet;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Training;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace AnoOnly.Benchmarks.Micro
{
    /// <summary>
    /// One DevNet training step as <c>TrainingLoop</c> runs it: sample a balanced batch of 64, forward, loss,
    /// backward, RMSprop step, read the loss. 1,000 of these (50 epochs x 20 batches) are a default fit.
    /// </summary>
    [MemoryDiagnoser]
    public class TrainingStepBenchmarks
    {
        private const int Rows = 10_000, Width = 30;
        private DevNetModel _model = null!;
        private TrainingStage _stage = null!;
        private optim.Optimizer _optimizer = null!;
        private Random _random = null!;

        [Params(AnoOnlyLoss.Full, AnoOnlyLoss.AnomalyOnly)]
        public AnoOnlyLoss Loss { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            var ml = new MLContext(seed: 1);
            var random = new Random(1);
            var rows = Enumerable.Range(0, Rows).Select(i => new Row
            {
                Features = Enumerable.Range(0, Width).Select(_ => (float)random.NextDouble()).ToArray(),
                Label = i % 200 == 0 ? 1f : 0f,
            }).ToArray();
            var schema = SchemaDefinition.Create(typeof(Row));
            schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Width);
            IDataView view = ml.Data.LoadFromEnumerable(rows, schema);

            _random = new Random(1);
            var columns = TrainingColumns.Resolve(view.Schema, "Features", "Label");
            TrainingSet data = TrainingSet.Load(view, columns, 1_000_000, _random, CancellationToken.None);
            var options = new AnoOnlyTrainer.Options { Backbone = AnoOnlyBackbone.DevNet, Loss = Loss, Seed = 1 };
            TrainingSettings settings = TrainingSettings.Resolve(options, seed: 1);
            // The library's default of one libtorch thread.
            Device device = TorchRuntime.Resolve(settings.Device, threads: 1, TrainingReporter.Silent);
            _model = new DevNetModel(settings, Width, device, _random);
            _stage = _model.Stages(new BatchSampler(data, device)).Single();
            _stage.Network.train();
            _optimizer = _stage.CreateOptimizer();
        }

        [Benchmark]
        public float Step()
        {
            using DisposeScope scope = NewDisposeScope();
            _optimizer.zero_grad();
            Tensor loss = LossPolicy.Reduce(_stage.BatchLoss(_random), Loss);
            float value = loss.item<float>();
            loss.backward();
            _optimizer.step();
            return value;
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _optimizer.Dispose();
            _model.Dispose();
        }

        private sealed class Row
        {
            public float[] Features = Array.Empty<float>();
            public float Label;
        }
    }
}
