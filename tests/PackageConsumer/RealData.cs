using NetGen;

/// <summary>One logit: benign (1) or malignant (0), trained from the CSV's 0/1 label column.</summary>
[Network(Loss = Loss.BinaryCrossEntropyWithLogits, Optimizer = Optimizer.Adam, LearningRate = 0.005f, BatchSize = 32, Seed = 11)]
[Input(30)]
[Dense(16, Activation.Relu)]
[Dense(1)]
public partial class CancerNet { }

/// <summary>Disease progression after a year from 10 baseline variables: a regression on standardized targets.</summary>
[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Adam, LearningRate = 0.005f, BatchSize = 32, Seed = 5)]
[Input(10)]
[Dense(16, Activation.Tanh)]
[Dense(1)]
public partial class DiabetesNet { }

/// <summary>Binary classification and regression on real data (data/README.md credits it), as a newcomer writes them.</summary>
public static class RealData
{
    /// <summary>Breast cancer: returns the accuracy on the 20% of rows held out.</summary>
    public static float BreastCancer()
    {
        var data = CsvLoader.Load("data/breast_cancer.csv", new CsvOptions { HasHeader = true });
        var (train, test) = data.Split(0.8, seed: 7);
        var scaling = Standardization.Fit(train); // on the training rows only
        scaling.Apply(train);
        scaling.Apply(test);
        var net = new CancerNet();
        new Trainer(net, new TrainerOptions { Epochs = 60, Seed = 3 }).Fit(train); // the 0/1 labels train the one logit
        return net.Evaluate(test.Inputs, test.BinaryTargets().Targets).Accuracy;
    }

    /// <summary>Diabetes: returns R² and RMSE (in the target's units) on the 20% of rows held out, and one prediction.</summary>
    public static (float RSquared, float Rmse, float FirstPrediction, float FirstTarget) Diabetes()
    {
        var data = CsvLoader.Load("data/diabetes.csv", new CsvOptions { HasHeader = true, TargetColumns = 1 });
        var (train, test) = data.Split(0.8, seed: 7);
        var inputs = Standardization.Fit(train);
        var targets = Standardization.FitTargets(train);
        inputs.Apply(train);
        targets.ApplyToTargets(train);
        var net = new DiabetesNet();
        new Trainer(net, new TrainerOptions { Epochs = 100, Seed = 3 }).Fit(train);

        // Saved beside the weights, the scaling comes back with them; ScaledPredictor takes raw rows.
        net.Save("diabetes.ngw");
        inputs.Save("diabetes.inputs.ngsd");
        targets.Save("diabetes.targets.ngsd");
        var predictor = new ScaledPredictor(DiabetesNet.Load("diabetes.ngw"), Standardization.Load("diabetes.inputs.ngsd"), Standardization.Load("diabetes.targets.ngsd"));

        double squared = 0, sum = 0, sumOfSquares = 0;
        var output = new float[1];
        float first = 0;
        for (int r = 0; r < test.Rows; r++)
        {
            predictor.Predict(test.InputRow(r), output);
            if (r == 0) first = output[0];
            double t = test.Targets[r], error = output[0] - t;
            squared += error * error;
            sum += t;
            sumOfSquares += t * t;
        }
        double spread = sumOfSquares - sum * sum / test.Rows;
        return ((float)(1 - squared / spread), (float)Math.Sqrt(squared / test.Rows), first, test.Targets[0]);
    }
}
