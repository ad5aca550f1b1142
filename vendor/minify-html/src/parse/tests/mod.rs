mod element;
