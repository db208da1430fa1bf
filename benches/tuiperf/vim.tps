section move
Down*10 Up*5
section digits
i
"1234567890"*3
Esc
section field
"12" Enter "9" Enter "10" Tab
