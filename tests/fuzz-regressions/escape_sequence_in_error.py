x = '[31mred
