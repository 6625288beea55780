System.Console.WriteLine("baseline");
